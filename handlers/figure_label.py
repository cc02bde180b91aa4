"""How a group of figures is named and its spread written, in the sources' own words.

The label is the words after the number ("at least 10,000 North Korean troops" ->
"North Korean troops", "no more than 30 doctors" -> "doctors", "thousands of homes" ->
"homes"; "people were killed" -> "people killed": a label is a noun phrase, its
auxiliaries dropped), the most common wording of the group, with the group's measure
when the words do not already say it ("people" measured as killed -> "people killed";
"deaths" stays); a figure that names nothing ("At least 40 were killed") counts people
when its measure befalls people ("people killed"), else its group is named by its
measure ("damaged").
A spread is the range of the figures a source still stands by: vague amounts ("thousands")
and withdrawn figures are listed but do not stretch it; a group of vague amounts only is
written in words ("thousands"), never as a number the source did not give.
"""

from __future__ import annotations

import re
from collections import Counter

from handlers.analysis.counted import plural
from handlers.analysis.measure import MEASURES
from handlers.analysis.numbers import find_numbers
from handlers.analysis.shares import find_shares
from handlers.format import amount
from store import FigureRow

_LEADING = re.compile(r"^(?:(?:of|the|all|its|their|those|these|%|\+|or\s+(?:more|so))\s*)+", re.I)
# Auxiliaries between a counted noun and its measure: "people were killed" -> "people killed".
_AUXILIARIES = re.compile(r"\s+(?:(?:were|was|are|is|have|has|had|been|being|be)\s+)+", re.I)
_MEASURE_WORDS = {w for words in MEASURES.values() for w in words.split(",")}
# Measures of what happens to people: a figure of one that names no noun counts people.
BEFALLS_PEOPLE = frozenset({"killed", "wounded", "casualties", "missing", "displaced"})
BEFALLS_PEOPLE |= {"evacuated", "rescued", "arrested", "affected", "in need"}


def noun_phrase(figure: FigureRow) -> str:
    """The words after the figure's number: what the source says it counts ("" when the
    sentence does not say: "At least 40 were killed")."""
    spans = find_numbers(figure.text) + find_shares(figure.text)
    end = max((s.end for s in spans), default=0)
    after = figure.text[end:].lstrip("\"”’'")  # 'treated "well over 500" people'
    phrase = _LEADING.sub("", after.strip(" ,.;:")).strip(" ,.;:")
    phrase = _AUXILIARIES.sub(" ", phrase)
    return phrase or _counted(figure) or _unnamed(figure)


def _counted(figure: FigureRow) -> str:
    """The counted thing, as many ("strikers" for "put the strikers at 1,500", which is
    stored as "striker"), or "" if none is known."""
    if not figure.counts:
        return ""
    return figure.counts if figure.value == 1 and not figure.high else plural(figure.counts)


def _unnamed(figure: FigureRow) -> str:
    """What a figure that names no counted thing counts, as a reader takes it: a share, an
    amount of money, people when what happened befalls people ("At least 40 were
    killed"), else ""."""
    if figure.unit in ("%", "percent"):
        return "share"
    if figure.unit:  # a currency: "will cost up to $2,000,000"
        return "amounts"
    return "people" if figure.measure in BEFALLS_PEOPLE else ""


def group_label(figures: list[FigureRow], measure: str) -> str:
    """The group's most common wording, with its measure when the words lack it: "people
    killed" (from "At least 40 were killed"), "damaged" alone when nothing is named."""
    label = Counter(noun_phrase(f) for f in figures).most_common(1)[0][0]
    if not label:
        return measure or "figures"
    words = set(re.findall(r"[a-z]+", label.lower()))
    if measure and not words & _MEASURE_WORDS and measure not in label.lower():
        return f"{label} {measure}"
    return label


def stood_by(figures: list[FigureRow]) -> list[FigureRow]:
    """The figures that stretch a spread: not vague, not withdrawn (else all of them)."""
    return [f for f in figures if f.hedge != "vague" and f.status != "withdrawn"] or figures


def span_text(figures: list[FigureRow], low: float, high: float) -> str:
    """ "8,000 – 12,000", "15%", or the words of vague amounts ("thousands")."""
    if all(f.hedge == "vague" for f in figures):
        words = dict.fromkeys(_vague_words(f) for f in figures)
        return " / ".join(words)
    unit = figures[0].unit
    return amount(low, unit) if low == high else f"{amount(low, unit)} – {amount(high, unit)}"


def _vague_words(figure: FigureRow) -> str:
    spans = [s for s in find_numbers(figure.text) if s.vague]
    return spans[0].text.lower() if spans else figure.text
