"""Figures in a sentence: a number with its hedge, unit and counted thing.

Hand-written rather than quantulum3, which we rejected: it drops hedges ("at least",
"up to"), reads "half a million" as 1,500,000 and "11am" as attometres, and turns
"between 8,000 and 12,000" into 10,000 ± 2,000. For /figures and /claim the hedge and
the range ARE the fact, so `extract_figures` keeps them.

What is a figure: every number found by `handlers.analysis.numbers.find_numbers`
except dates ("November 4", "Nov. 4", "4 November", "October 28, 2024", "11/10/2024",
"2024-11-08"), years (a comma-less 1900-2100 not preceded by a hedge, so "in 2023" and
"the 2023 offensive" but not "about 2000 troops" or "2000 soldiers were sent"), times
("11am", "5 p.m.", "10:30"), reading times ("4 min read"), phone numbers, slash fractions
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
estimated, close to, ~, "or so"), "nearly" (nearly, almost, just under, just shy of: just
under the figure, not either side of it), "just over", "more than" (over, exceeded, in
excess of, upwards of, above), "fewer than" (less than, under, below), "range" ("between
8,000 and 12,000", "8,000-12,000", "8,000 to 12,000", "from 8,000 to 12,000"), "vague"
("a few thousand", "thousands": bounds from `NumberSpan.low/high`, [2S, 9S] for "a few
S"), else "exact". What each allows: `handlers.analysis.verdict`. `text` keeps the hedge
as written ("no more than 30 doctors").

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

import re
from dataclasses import dataclass

from handlers.analysis import verdict
from handlers.analysis.counted import (
    STOP,
    SYNONYMS,
    counted_before,
    counted_group,
    counted_noun,
)
from handlers.analysis.measure import measure_of
from handlers.analysis.numbers import NumberSpan, find_numbers, scale_multiplier
from handlers.analysis.shares import find_shares, share_of
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


# ---- hedges, units, ranges -------------------------------------------------------------

_PRE_HEDGES = {
    "at least": "at least,no fewer than,no less than,not less than,not fewer than,a minimum of",
    "up to": "up to,as many as,as much as,at most,no more than,not more than,a maximum of",
    "about": "about,approximately,approx.,around,some,roughly,an estimated,"
    "estimated,close to,circa,in the region of,more or less",
    "nearly": "nearly,almost,just under,just shy of,not quite",
    "just over": "just over,just above,slightly more than,a little over",
    "more than": "more than,over,exceeded,exceeding,exceeds,exceed,in excess of,upwards of,"
    "above,greater than,topped,surpassed",
    "fewer than": "fewer than,less than,under,below,lower than",
}
_HEDGE_OF = {p: h for h, phrases in _PRE_HEDGES.items() for p in phrases.split(",")}
_HEDGE_WORDS = frozenset(word.strip(".") for phrase in _HEDGE_OF for word in phrase.split())
_HEDGE_ALTERNATIVES = "|".join(
    re.escape(p).replace(r"\ ", r"\s+") for p in sorted(_HEDGE_OF, key=len, reverse=True)
)
_HEDGE_BEFORE = re.compile(rf"(?:(?<![\w.])({_HEDGE_ALTERNATIVES})|~)\s*$", re.I)
_HEDGE_AFTER = re.compile(r"\s*\+|-?\s?plus\b(?!\s*[0-9])|\s+or\s+(more|so|fewer|less)\b", re.I)
_POST_HEDGE = {"more": "at least", "so": "about", "fewer": "up to", "less": "up to"}
_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₽": "RUB", "₴": "UAH", "₩": "KRW"}
_DOLLARS = {"A": "AUD", "C": "CAD", "NZ": "NZD", "HK": "HKD"}
_CODES = "USD|EUR|GBP|JPY|CNY|RUB|UAH|KRW"
_MONEY_BEFORE = re.compile(
    rf"(?:(?<![A-Za-z])({_CODES})\s?|(?<![A-Za-z])(US|A|C|NZ|HK)?([$€£¥₽₴₩])\s*)$"
)
_UNIT_AFTER = re.compile(
    r"\s*(%)|\s+(per\s?cent|percentage\s+points?)\b|\s+((?:US\s+)?dollars?|euros?|"
    rf"pounds\s+sterling|yen|yuan|r[ou]+bles?|hryvnias?|{_CODES})\b",
    re.I,
)
_WORD_UNITS = {"dollar": "USD", "euro": "EUR", "pound": "GBP", "yen": "JPY", "yuan": "CNY"}
_WORD_UNITS |= {"ruble": "RUB", "rouble": "RUB", "hryvnia": "UAH"}
_RANGE_BEFORE = re.compile(r"(?<![\w])(between|from)\s+(?:[A-Z]{0,2}[$€£¥₽₴₩]\s*)?$", re.I)
_RANGE_SEP = re.compile(
    r"(?:\s*%|\s+per\s?cent)?\s*(-|–|—|to|and)\s*(?:[A-Z]{0,2}[$€£¥₽₴₩]\s*)?", re.I
)


def _money_before(sentence: str, start: int) -> tuple[str, int]:
    match = _MONEY_BEFORE.search(sentence, max(0, start - 8), start)
    if match is None:
        return "", start
    code = match[1] or _DOLLARS.get(match[2] or "", _SYMBOLS.get(match[3] or "", ""))
    return code, match.start()


def _unit_after(sentence: str, end: int) -> tuple[str, int]:
    match = _UNIT_AFTER.match(sentence, end)
    if match is None:
        return "", end
    if match[1] or match[2]:
        points = match[2] and "point" in match[2].lower()
        return ("percentage point" if points else "%"), match.end()
    word = match[3].lower().split()[-1]
    word = "pound" if word == "sterling" else word.rstrip("s") if len(word) > 3 else word
    return _WORD_UNITS.get(word, word.upper()), match.end()


def _hedge_before(sentence: str, start: int) -> tuple[str, int]:
    match = _HEDGE_BEFORE.search(sentence, max(0, start - 40), start)
    if match is None:
        return "exact", start
    phrase = " ".join((match[1] or "~").lower().split())
    return _HEDGE_OF.get(phrase, "about"), match.start()


def _hedge_after(sentence: str, end: int) -> tuple[str, int]:
    match = _HEDGE_AFTER.match(sentence, end)
    if match is None:
        return "exact", end
    return _POST_HEDGE.get((match[1] or "more").lower(), "at least"), match.end()


def _range_low(a: NumberSpan, b: NumberSpan) -> float:
    """The low end of a range, taking the high end's scale: "between 8 and 12 million"."""
    scale = scale_multiplier(b.text)
    shared = scale > 1 and scale_multiplier(a.text) == 1 and a.value * scale <= b.value
    return a.value * scale if shared else a.value


def _is_range(sentence: str, a: NumberSpan, b: NumberSpan) -> bool:
    sep = _RANGE_SEP.fullmatch(sentence, a.end, b.start)
    if sep is None or a.vague or b.vague or _range_low(a, b) >= b.value:
        return False
    return sep[1].lower() != "and" or bool(_RANGE_BEFORE.search(sentence, 0, a.start))


# ---- what is not a figure --------------------------------------------------------------

_MONTH = (
    r"(?:(?i:january|february|april|june|july|august|september|october|november|december)"
    r"|May|March|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)"
)
_NOT_FIGURES = re.compile(
    "|".join(
        [
            rf"\b{_MONTH}\.?\s+[0-9]{{1,2}}(?:st|nd|rd|th)?(?![0-9]|,[0-9])(?:,?\s+[0-9]{{4}}\b)?",
            rf"\b[0-9]{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b(?:\.?,?\s+[0-9]{{4}}\b)?",
            r"\b[0-9]{1,4}(?P<sep>[/.-])[0-9]{1,2}(?P=sep)[0-9]{2,4}\b",
            r"[0-9]+/[0-9]+",
            r"\b(?:19|20)[0-9]{2}[-–/](?:[0-9]{2}|(?:19|20)[0-9]{2})\b",
            r"\b[0-9]{1,2}(?::[0-9]{2})?\s*(?i:[ap])\.?\s?(?i:m)\b\.?",
            r"\b[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?\b",
            r"\b[0-9]{1,2}\s+o['’]clock\b",
            r"\b[0-9]{1,4}\s*(?:GMT|UTC|CET|CEST|EST|EDT|BST)\b",
            r"\b[0-9]+\s*(?i:min(?:ute)?s?\.?\s+read)\b",
            r"\+[0-9][0-9\s().-]{6,}[0-9]",
            r"\(?\b[0-9]{3}\)?[\s.-][0-9]{3}[.-][0-9]{4}\b",
            r"\b0[0-9]{2,4}\s[0-9]{3,4}\s[0-9]{3,4}\b",
        ]
    )
)
_FIRST_DIGIT = re.compile(r"[0-9]")


def _not_figures(sentence: str) -> list[tuple[int, int]]:
    """The spans of `_NOT_FIGURES` in `sentence`. Each holds a digit, with nothing before
    its first digit but a month word, a dot and spaces, or one "(" or "+"; so the search
    (the costliest part of figure extraction) can start at the word before the
    sentence's first digit, and finds the same spans."""
    first = _FIRST_DIGIT.search(sentence)
    if first is None:
        return []
    start = _scan_start(sentence, first.start())
    return [match.span() for match in _NOT_FIGURES.finditer(sentence, start)]


def _scan_start(sentence: str, digit: int) -> int:
    i = digit
    while i > 0 and sentence[i - 1].isspace():
        i -= 1
    if i > 0 and sentence[i - 1] == ".":
        i -= 1
    while i > 0 and sentence[i - 1].isalpha():
        i -= 1
    return max(0, min(i, digit - 1))


_NAME_BEFORE = re.compile(r"(?:(?<![\w.-])([A-Z][\w'’.-]*)[ \t]+|[A-Za-z]-|#\s*|\bNo\.\s*)$")
_MONTH_WORD = re.compile(rf"{_MONTH}\.?")
_YEAR = re.compile(r"19[0-9]{2}|20[0-9]{2}|2100")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;—])[\s\"'“‘(\[]*$")


def _in_name(sentence: str, span: NumberSpan) -> bool:
    """Part of a name: "Boeing 737", "Article 5", "F-16", "COVID-19", "Ocean's Eleven"."""
    if span.text[0].isupper() and not _SENTENCE_START.search(sentence, 0, span.start):
        return True
    match = _NAME_BEFORE.search(sentence, max(0, span.start - 40), span.start)
    if match is None or not match[1]:
        return match is not None
    word = match[1].lower().rstrip(".")
    if word.endswith(("'s", "’s")) or _MONTH_WORD.fullmatch(match[1]):
        return False
    return word not in STOP and word not in _HEDGE_WORDS


def _is_figure(sentence: str, span: NumberSpan, masked: list[tuple[int, int]]) -> bool:
    if any(start < span.end and span.start < end for start, end in masked):
        return False
    if _in_name(sentence, span):
        return False
    if not _YEAR.fullmatch(span.text):
        return True
    hedged = _HEDGE_BEFORE.search(sentence, max(0, span.start - 40), span.start)
    money = _money_before(sentence, span.start)[0] or _unit_after(sentence, span.end)[0]
    return bool(hedged or money) or _counts_people(sentence, span)


_YEAR_BEFORE = re.compile(
    r"\b(?:in|since|by|until|till|before|after|during|from|of|the|early|late|mid|until)\W*$", re.I
)


def _counts_people(sentence: str, span: NumberSpan) -> bool:
    """ "2000 soldiers were sent": a year-like number counting a noun of `SYNONYMS` is a
    figure, unless a word that dates things comes before it ("in 2000 soldiers")."""
    if _YEAR_BEFORE.search(sentence, max(0, span.start - 12), span.start):
        return False
    counts = counted_noun(sentence, span.end, "")[0]
    return bool(counts) and counted_group(counts) in SYNONYMS


# ---- extraction ------------------------------------------------------------------------


def _values(
    a: NumberSpan, b: NumberSpan | None, hedge: str
) -> tuple[float, float | None, float | None]:
    """(value, low, high) of a figure made of `a` (and `b`, the high end of a range)."""
    if b is not None:
        low = _range_low(a, b)
        return (low + b.value) / 2, low, b.value
    if a.vague:
        return a.value, a.low, a.high
    if hedge in ("at least", "more than"):
        return a.value, a.value, None
    if hedge in ("up to", "fewer than"):
        return a.value, None, a.value
    return a.value, None, None


def _figure(sentence: str, a: NumberSpan, b: NumberSpan | None) -> Figure:
    unit, left = _money_before(sentence, a.start)
    after, right = _unit_after(sentence, (b or a).end)
    unit = unit or after
    hedge, right = _hedge_after(sentence, right)
    if b is not None:
        hedge, between = "range", _RANGE_BEFORE.search(sentence, 0, a.start)
        left = between.start() if between else left
    elif a.vague:
        hedge = "vague"
    elif hedge == "exact":
        hedge, left = _hedge_before(sentence, left)
    counts, right = counted_noun(sentence, right, unit)
    if not counts and not unit:  # "put the strikers at 1,500", "the strikers numbered 1,500"
        counts = counted_before(sentence, left)
    value, low, high = _values(a, b, hedge)
    measure = measure_of(sentence, left, right, counts)
    text = sentence[left:right]
    return Figure(value, low, high, hedge, counts, unit, text, measure, start=left, end=right)


def _pairs(sentence: str, spans: list[NumberSpan]) -> list[tuple[NumberSpan, NumberSpan | None]]:
    """Each span alone, or joined with the next one when the two make a range."""
    pairs: list[tuple[NumberSpan, NumberSpan | None]] = []
    i = 0
    while i < len(spans):
        nxt = spans[i + 1] if i + 1 < len(spans) else None
        joined = nxt is not None and _is_range(sentence, spans[i], nxt)
        pairs.append((spans[i], nxt if joined else None))
        i += 2 if joined else 1
    return pairs


def _share(sentence: str, span: NumberSpan) -> Figure:
    """ "nearly half of the buildings": 50 "%" of buildings, hedge nearly."""
    hedge, left = _hedge_before(sentence, span.start)
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
    masked = _not_figures(sentence)
    masked += [(share.start, share.end) for share in shares]
    kept = [span for span in spans if _is_figure(sentence, span, masked)]
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
