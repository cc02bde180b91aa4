"""What is not a figure although it holds a number: dates, years, times, race times, reading times,
phone numbers, slash fractions and numbers inside names (the list is in
`handlers.analysis.figures`'s docstring).
"""

from __future__ import annotations

import re

from handlers.analysis.counted import STOP, SYNONYMS, counted_group, counted_noun
from handlers.analysis.hedges import HEDGE_BEFORE, HEDGE_WORDS
from handlers.analysis.numbers import NumberSpan
from handlers.analysis.units import money_before, unit_after

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
# A race or call time, "4h 31m 02s", "3m 12.4s" (its "31m" is no million); searched for
# only where a digit has "h" or "m" after it (few sentences).
_CLOCK_HINT = re.compile(r"[0-9][hm]\s?[0-9]")
_CLOCK = re.compile(
    r"\b[0-9]{1,3}(?:h\s?[0-9]{1,2}m(?:\s?[0-9]{1,2}(?:\.[0-9]+)?s)?|m\s?[0-9]{1,2}(?:\.[0-9]+)?s)(?!\w)"
)


def not_figures(sentence: str) -> list[tuple[int, int]]:
    """The spans of `_NOT_FIGURES` in `sentence`. Each holds a digit, with nothing before
    its first digit but a month word, a dot and spaces, or one "(" or "+"; so the search
    (the costliest part of figure extraction) can start at the word before the
    sentence's first digit, and finds the same spans."""
    first = _FIRST_DIGIT.search(sentence)
    if first is None:
        return []
    start = _scan_start(sentence, first.start())
    found = [match.span() for match in _NOT_FIGURES.finditer(sentence, start)]
    if _CLOCK_HINT.search(sentence, start):
        found += [match.span() for match in _CLOCK.finditer(sentence, start)]
    return found


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
_OLD_YEAR = re.compile(r"1[5-8][0-9]{2}")
# A sentence (or a wire story after its dateline's dash) starts here: "Seven" after
# "ORLOVA (Wire) - " or "– " is a number, not part of a name.
_SENTENCE_START = re.compile(r"(?:^|[.!?:;—–]|\s-)[\s\"'“‘(\[]*$")


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
    return word not in STOP and word not in HEDGE_WORDS


# "stage 4 results", "year seven classes", "level 3 restrictions": a number naming which
# stage, year or level, not how many; never after "last", "this", "each"... ("Last year
# 300 people died": the year is no label there).
_LABEL_BEFORE = re.compile(
    r"(?<![Ll]ast )(?<![Tt]his )(?<![Nn]ext )(?<![Ee]ach )(?<![Ee]very )(?<![Tt]hat )"
    r"(?<!\b[Aa] )(?<!per )(?<!first )(?<!final )(?<!same )(?<!whole )(?<!entire )"
    r"\b(?:year|stage|round|phase|lap|grade|level|category|chapter|section|page|platform"
    r"|gate|form|tier)\s+$"
)
_LABEL_NUMBER = re.compile(r"[0-9]{1,3}|[a-z]+(?:-[a-z]+)?")


def _ordinal_label(sentence: str, span: NumberSpan) -> bool:
    if not _LABEL_NUMBER.fullmatch(span.text):
        return False
    return bool(_LABEL_BEFORE.search(sentence, max(0, span.start - 30), span.start))


def is_figure(sentence: str, span: NumberSpan, masked: list[tuple[int, int]]) -> bool:
    if any(start < span.end and span.start < end for start, end in masked):
        return False
    if _in_name(sentence, span) or _ordinal_label(sentence, span):
        return False
    if _OLD_YEAR.fullmatch(span.text):  # "opened in 1894", but "1,850 homes", "1850 homes"
        return not _YEAR_BEFORE.search(sentence, max(0, span.start - 12), span.start)
    if not _YEAR.fullmatch(span.text):
        return True
    hedged = HEDGE_BEFORE.search(sentence, max(0, span.start - 40), span.start)
    money = money_before(sentence, span.start)[0] or unit_after(sentence, span.end)[0]
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
