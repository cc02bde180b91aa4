"""Figures in a sentence: a number with its hedge, unit and counted thing.

Hand-written rather than quantulum3, which we rejected: it drops hedges ("at least",
"up to"), reads "half a million" as 1,500,000 and "11am" as attometres, and turns
"between 8,000 and 12,000" into 10,000 ± 2,000. For /figures and /claim the hedge and
the range ARE the fact, so `extract_figures` keeps them.

What is a figure: every number found by `handlers.analysis.numbers.find_numbers`
except dates ("November 4", "Nov. 4", "4 November", "October 28, 2024", "11/10/2024",
"2024-11-08"), years (a comma-less 1500-1899 after a word that dates things: "opened in
1894", "since 1850"; a comma-less 1900-2100 not preceded by a hedge, so "in 2023" and
"the 2023 offensive" but not "about 2000 troops" or "2000 soldiers were sent"), times
("11am", "5 p.m.", "10:30"), clock times of a race or a call ("4h 31m 02s", "2h 15m",
"3m 12.4s": never "31 million"), reading times ("4 min read"), phone numbers, slash fractions
("24/7"), ordinals ("21st", never found as numbers), numbers inside names (after a
capitalised word that is not a function or hedge word: "Home Alone 2", "Boeing 737",
"Article 5"; after "letters-": "F-16", "COVID-19"; glued: "G7"; a capitalised number
word mid-sentence: "Ocean's Eleven"; the price: "gave Ukraine 31 tanks" loses its
figure), and word fractions.
Bare numbers with no counted noun are kept with counts "" (/figures filters on counts).
Shares in words ("nearly half of the buildings", "one in five hospitals") are figures in
"%" (`handlers.analysis.shares`), as are "40%" and "40 per cent".

Hedges: "at least" (also "no fewer than", "or more", "10,000+"), "up to" ("as many as",
"at most", "no more than"), "about" (about, approximately, around, some, roughly, an
estimated, close to, closer to, nearer, ~, "or so"), "nearly" (nearly, almost, just
under, just shy of: just under the figure, not either side of it), "just over", "more
than" (over, well over, exceeded, in excess of, upwards of, above), "fewer than" (less
than, under, below), "range" ("between 8,000 and 12,000", "8,000-12,000", "8,000 to
12,000", "from 8,000 to 12,000"), "vague" ("a few thousand", "thousands": bounds from
`NumberSpan.low/high`, [2S, 9S] for "a few S"), else "exact". What each allows:
`handlers.analysis.verdict`. `text` keeps the hedge as written ("no more than 30
doctors"), and the quote marks around a quoted figure ('"well over 500" people').

Ranges read "X to Y" as a range even in "rose from 8,000 to 12,000", and need the low
end below the high end ("52 to 48" is two figures). `low`/`high` are set only where the
hedge gives them: at least/more than -> low, up to/fewer than -> high, range and vague
-> both; exact and about leave them None (see `interval`).

Counted noun (`counts`): see `handlers.analysis.counted`: the noun after the figure, else
one written before it ("put the strikers at 1,500", "the strikers numbered 1,500"); a
figure that names none ("about 900 were out") may take one from the sentence or the one
before (`handlers.analysis.elided`, at ingest), else keeps counts "".

`measure` (what happened to what is counted): `handlers.analysis.measure`; `status`
(withdrawn, disputed): set by `handlers.analysis.status` from the sentence and the next.
"""

from __future__ import annotations

from dataclasses import dataclass

from handlers.analysis import verdict
from handlers.analysis.counted import counted_before, counted_noun
from handlers.analysis.hedges import RANGE_BEFORE, hedge_after, hedge_before, is_range, range_low
from handlers.analysis.measure import measure_of
from handlers.analysis.not_figures import is_figure, not_figures
from handlers.analysis.numbers import NumberSpan, find_numbers
from handlers.analysis.shares import find_shares, share_of
from handlers.analysis.units import money_before, unit_after
from handlers.analysis.verdict import TOLERANCE
from store import Measured

HEDGES = ("exact", "at least", "up to", "about", "more than", "fewer than", "range", "vague")
HEDGES += ("nearly", "just over")  # "just under" and "just over" are not "about"


@dataclass(frozen=True, kw_only=True)
class Figure(Measured):
    """A figure found in a sentence (`store.Measured`: "at least 10,000 North Korean
    troops" is value 10000, low 10000, hedge "at least", counts "troop"), and where its
    `text` starts and ends in the sentence. `measure` is `analysis.measure`'s, `status`
    `analysis.status`'s (from the sentence and the next)."""

    start: int
    end: int


# ---- extraction ------------------------------------------------------------------------


def _values(
    a: NumberSpan, b: NumberSpan | None, hedge: str
) -> tuple[float, float | None, float | None]:
    """(value, low, high) of a figure made of `a` (and `b`, the high end of a range)."""
    if b is not None:
        low = range_low(a, b)
        return (low + b.value) / 2, low, b.value
    if a.vague:
        return a.value, a.low, a.high
    if hedge in ("at least", "more than"):
        return a.value, a.value, None
    if hedge in ("up to", "fewer than"):
        return a.value, None, a.value
    return a.value, None, None


def _figure(sentence: str, a: NumberSpan, b: NumberSpan | None) -> Figure:
    unit, left = money_before(sentence, a.start)
    after, right = unit_after(sentence, (b or a).end)
    unit = unit or after
    hedge, right = hedge_after(sentence, right)
    if b is not None:
        hedge, between = "range", RANGE_BEFORE.search(sentence, 0, a.start)
        left = between.start() if between else left
    elif a.vague:
        hedge = "vague"
    elif hedge == "exact":
        hedge, left = hedge_before(sentence, left)
    left, right = _quoted(sentence, left, right, unit)
    counts, right = counted_noun(sentence, right, unit)
    if not counts and not unit:  # "put the strikers at 1,500", "the strikers numbered 1,500"
        counts = counted_before(sentence, left)
    value, low, high = _values(a, b, hedge)
    measure = measure_of(sentence, left, right, counts)
    text = sentence[left:right]
    return Figure(value, low, high, hedge, counts, unit, text, measure, start=left, end=right)


_CLOSING = {'"': '"', "“": "”", "‘": "’", "'": "'"}


def _quoted(sentence: str, left: int, right: int, unit: str) -> tuple[int, int]:
    """'treated "well over 500" people': a figure in quote marks followed by what it
    counts takes the marks, so that the noun after them is its counted noun."""
    opening = sentence[left - 1 : left] if left else ""
    closed = opening in _CLOSING and sentence[right : right + 1] == _CLOSING[opening]
    if closed and counted_noun(sentence, right + 1, unit)[0]:
        return left - 1, right + 1
    return left, right


def _pairs(sentence: str, spans: list[NumberSpan]) -> list[tuple[NumberSpan, NumberSpan | None]]:
    """Each span alone, or joined with the next one when the two make a range."""
    pairs: list[tuple[NumberSpan, NumberSpan | None]] = []
    i = 0
    while i < len(spans):
        nxt = spans[i + 1] if i + 1 < len(spans) else None
        joined = nxt is not None and is_range(sentence, spans[i], nxt)
        pairs.append((spans[i], nxt if joined else None))
        i += 2 if joined else 1
    return pairs


def _share(sentence: str, span: NumberSpan) -> Figure:
    """ "nearly half of the buildings": 50 "%" of buildings, hedge nearly."""
    hedge, left = hedge_before(sentence, span.start)
    counts, right = counted_noun(sentence, span.end, "")
    if not counts:
        counts, right = share_of(sentence, span.end)
    measure = measure_of(sentence, left, right, counts)
    low, high = _values(span, None, hedge)[1:]
    text = sentence[left:right]
    return Figure(span.value, low, high, hedge, counts, "%", text, measure, start=left, end=right)


def extract_figures(sentence: str) -> list[Figure]:
    """Every figure in `sentence`, in order (see the module docstring for what counts)."""
    spans, shares = find_numbers(sentence), find_shares(sentence)
    if not spans and not shares:
        return []
    masked = not_figures(sentence)
    masked += [(share.start, share.end) for share in shares]
    kept = [span for span in spans if is_figure(sentence, span, masked)]
    found = [_figure(sentence, a, b) for a, b in _pairs(sentence, kept)]
    if shares:
        found = sorted([*found, *(_share(sentence, s) for s in shares)], key=lambda f: f.start)
    return found


# ---- comparing figures -----------------------------------------------------------------


def interval(f: Figure, tolerance: float = TOLERANCE) -> tuple[float, float]:
    """The closure of the values `f` allows, (low, high); `verdict.interval` has the ends'
    open or closed and the table of every hedge."""
    found = verdict.interval(f, tolerance)
    return found.low, found.high


def compatible(claim: Figure, source: Figure, tolerance: float = TOLERANCE) -> bool:
    """True when the source figure allows some value the claim allows (same unit, and
    intervals meet; two "about" figures share the tolerance). Whether the counted things
    and measures match is the caller's business (`same_counted`, `same_measure`)."""
    return verdict.grade(claim, source, tolerance) != "differs"
