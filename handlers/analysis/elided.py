"""A figure whose counted noun is left out: "Police put the strikers at 1,500, while the
union said more than 2,000 had stopped work"; "Most of the port's crane operators joined.
By noon about 900 were out."

A reader takes the elided noun from what came just before. So does `with_context`, for a
figure that names nothing (counts "", no unit) and is the subject of a verb ("900 were
out", "350 had joined", "2,000 walked out") or a correction's new figure ("the correct
figure is 14"): the counted things named before it in its
sentence (the counts of earlier figures, else plural nouns of people: "workers",
"operators", "residents", the people of `counted.SYNONYMS`), else those of the sentence
before (wire copy often ends a paragraph after each sentence). Only one kind of thing
may be named there; two ("the tugs idled while the drivers went home. About 40 were
idle": a plural noun of things counts as a kind too) or none leave the figure counting
nothing, which is better than a guess. A noun that is the subject of a statement verb
("union leaders said") is the source, and one told ("he told reporters 400 were out")
the audience, not what is counted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TypeVar

from handlers.analysis.attribution_words import PUTS, VERBS
from handlers.analysis.counted import STOP, SYNONYMS, counted_group, is_noun, singular
from handlers.analysis.measure import measure_of

F = TypeVar("F")

_SUBJECT = re.compile(
    r"\s+(?:were|was|are|is|had|have|has|remain(?:ed|s)?|stayed|joined|walked|went|stopped|"
    r"returned|refused|voted|took|came|did|would|could|will|also|still|then)\b"
)
_PEOPLE_ENDINGS = ("ers", "ors", "ists", "ians", "men", "ees", "eers")
_NOT_PEOPLE = frozenset(
    [
        "others",
        "numbers",
        "orders",
        "matters",
        "papers",
        "letters",
        "waters",
        "borders",
        "headquarters",
        "centers",
        "powers",
        "hours",
        "containers",
        "computers",
        "layers",
        "barriers",
        "towers",
        "chambers",
        "quarters",
    ]
)
_GROUPS = ("troop", "civilian", "refugee", "prisoner")
_KNOWN_SINGULAR = frozenset(m for g in _GROUPS for m in SYNONYMS[g] | {g} if " " not in m)
_KNOWN = frozenset(
    [
        "people",
        "personnel",
        "residents",
        "students",
        "patients",
        "parents",
        "migrants",
        "immigrants",
        "participants",
        "applicants",
        "tenants",
        "inhabitants",
        "agents",
        "nurses",
        "pilots",
        "crews",
        "staff",
        "police",
        "hostages",
        "pupils",
        "guests",
    ]
)
_PLURAL = re.compile(r"\b([A-Za-z][a-z-]{2,})(?:['’])?(?=[\s,.;:]|$)")
_TOLD = re.compile(r"\b(?:told|tells|tell|telling|informed|briefed|asked)\s+$")  # the audience
# "the correct figure is 14", "the actual number was 14": a correction's new figure counts
# what the figure it corrects counted.
_REPLACES = re.compile(
    r"\b(?:correct|actual|right|true|revised|new)\s+(?:figure|number|total|count)\s+"
    r"(?:is|was|should\s+be|should\s+have\s+been)\s+$",
    re.I,
)
_SPEAKS = re.compile(rf"\s+(?:(?:have|has|had|also)\s+)?(?:{VERBS}|{PUTS})\b")


def with_context(sentences: Sequence[str], figures: Sequence[Sequence[F]]) -> list[list[F]]:
    """`figures` (per sentence) with an elided counted noun filled in where it is clear.
    Most figures name what they count: a sentence whose figures all do is passed through."""
    out = [found if isinstance(found, list) else list(found) for found in figures]
    for i, found in enumerate(out):
        for k, f in enumerate(found):
            if f.counts or f.unit or not _elided(sentences[i], f):
                continue
            noun = _named(sentences[i][: f.start], found[:k])  # type: ignore[attr-defined]
            if noun is None and i:
                noun = _named(sentences[i - 1], out[i - 1])
            if noun:
                found = out[i] = [*found[:k], _counting(sentences[i], f, noun), *found[k + 1 :]]
    return out


def _elided(sentence: str, f: F) -> bool:
    """The figure is a verb's subject ("900 were out") or a correction's new figure."""
    start, end = f.start, f.end  # type: ignore[attr-defined]
    return bool(
        _SUBJECT.match(sentence, end) or _REPLACES.search(sentence, max(0, start - 60), start)
    )


def _counting(sentence: str, f: F, noun: str) -> F:
    measure = f.measure or measure_of(sentence, f.start, f.end, noun)  # type: ignore[attr-defined]
    return replace(f, counts=noun, measure=measure)  # type: ignore[type-var]


def _named(text: str, figures: Sequence[F]) -> str | None:
    """The one kind of counted thing `text` names: its figures' counts when they give one
    ("rescued 85 residents, and 12 were"), else its plural nouns of people (a plural of
    things is a kind too: it may be what is counted), else None: none, or more than one."""
    counted = {counted_group(f.counts): f.counts for f in figures if f.counts}  # type: ignore[attr-defined]
    if counted:
        return next(iter(counted.values())) if len(counted) == 1 else None
    kinds: dict[str, str] = {}
    for match in _PLURAL.finditer(text):
        word = match[1].lower()
        if match[1][0].isupper() and text[: match.start()].strip():
            continue  # a name's word, not a noun
        if word in STOP or _SPEAKS.match(text, match.end()) or _TOLD.search(text, 0, match.start()):
            continue
        if _people(word):
            kinds.setdefault(counted_group(word), singular(word))
        elif is_noun(word):  # "ships", "cranes"
            kinds.setdefault(counted_group(word), "")
    return (next(iter(kinds.values())) or None) if len(kinds) == 1 else None


def _people(word: str) -> bool:
    """ "workers", "operators", "residents", "soldiers", "people": plural nouns of people."""
    if word in _KNOWN or (word != singular(word) and singular(word) in _KNOWN_SINGULAR):
        return True
    return word.endswith(_PEOPLE_ENDINGS) and len(word) > 4 and word not in _NOT_PEOPLE
