"""The grammar of written numbers, read over a sentence's tokens (lowercased words,
digit runs, punctuation) from a position: digits with a suffix and scale words ("1.5
million"), cardinal number words ("three hundred and forty two", "a dozen"), fractions of a
scale ("half a million") and vague quantities ("a few thousand", "tens of thousands").
`handlers.analysis.numbers` finds where they are and what `find_numbers` reports.
"""

from __future__ import annotations

import math
import re

_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"]
_TEENS += ["eighteen", "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
SMALL: dict[str, int] = {word: n for n, word in enumerate([*_UNITS, *_TEENS])}
TENS: dict[str, int] = {word: 20 + 10 * n for n, word in enumerate(_TENS)}
SCALES: dict[str, float] = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
SUFFIXES: dict[str, float] = {"k": 1e3, "m": 1e6, "mn": 1e6, "b": 1e9, "bn": 1e9, "tn": 1e12}
PLURAL_SCALES = {"tens": 10.0, "dozens": 12.0, "hundreds": 100.0, "thousands": 1e3}
PLURAL_SCALES |= {"millions": 1e6, "billions": 1e9, "scores": 20.0}
FRACTIONS = {"half": 0.5, "quarter": 0.25, "quarters": 0.25, "third": 1 / 3, "thirds": 1 / 3}
# quantifier -> (value, low, high) as multiples of the scale
VAGUE = {"few": (3.0, 2.0, 9.0), "several": (5.0, 3.0, 9.0), "couple": (2.0, 2.0, 3.0)}
_PLURAL_VAGUE = (3.0, 2.0, 9.0)
_DIGIT_PARTS = re.compile(r"([0-9][0-9,]*(?:\.[0-9]+)?)(mn|bn|tn|k|m|b)?")

# A parse: (value, index after the last token used, vague, low, high)
Parse = tuple[float, int, bool, float | None, float | None]
Tok = tuple[str, int, int]


def _word(toks: list[Tok], i: int) -> str:
    return toks[i][0] if 0 <= i < len(toks) else ""


def _digit_value(token: str) -> float | None:
    match = _DIGIT_PARTS.fullmatch(token)
    if match is None:
        return None
    return float(match[1].replace(",", "")) * SUFFIXES.get(match[2] or "", 1.0)


def _scale_chain(toks: list[Tok], j: int) -> tuple[float | None, int]:
    """The product of the scale words from toks[j] ('hundred thousand' -> 1e5)."""
    scale = _scale(_word(toks, j))
    if scale is None:
        return None, j
    while (more := _scale(_word(toks, j + 1))) is not None and more > scale:
        scale, j = scale * more, j + 1
    return scale, j + 1


def _scale(word: str) -> float | None:
    return 100.0 if word == "hundred" else 12.0 if word == "dozen" else SCALES.get(word)


def _parse_vague(toks: list[Tok], i: int) -> Parse | None:
    j = i + 1 if _word(toks, i) in ("a", "an") else i
    quantifier = _word(toks, j)
    if quantifier in VAGUE:
        j += 2 if quantifier == "couple" and _word(toks, j + 1) == "of" else 1
        scale, j = _scale_chain(toks, j)
        if scale is None:
            return None
        value, low, high = (k * scale for k in VAGUE[quantifier])
        return value, j, True, low, high
    return _parse_plural(toks, j) if j == i else None


def _parse_plural(toks: list[Tok], i: int) -> Parse | None:
    scale = PLURAL_SCALES.get(_word(toks, i))
    if scale is None or (_word(toks, i) == "scores" and _word(toks, i + 1) != "of"):
        return None  # "she scores twice" is a verb; "scores of stations" a vague amount
    j = i + 1
    while _word(toks, j) == "of" and PLURAL_SCALES.get(_word(toks, j + 1), 0.0) > scale:
        scale *= PLURAL_SCALES[_word(toks, j + 1)]
        j += 2
    value, low, high = (k * scale for k in _PLURAL_VAGUE)
    return value, j, True, low, high


def _parse_fraction(toks: list[Tok], i: int) -> Parse | None:
    """'half a million', 'a quarter of a million', 'three quarters of a million'."""
    first, j, count = _word(toks, i), i, 1.0
    if first in ("a", "an", "one") or (first in SMALL and _word(toks, i + 1) in FRACTIONS):
        count, j = (float(SMALL.get(first, 1))), i + 1
    fraction = FRACTIONS.get(_word(toks, j))
    if fraction is None:
        return None
    j += 2 if _word(toks, j + 1) == "of" else 1
    j += 1 if _word(toks, j) in ("a", "an") else 0
    scale, j = _scale_chain(toks, j)
    return None if scale is None else (count * fraction * scale, j, False, None, None)


def _parse_digits(toks: list[Tok], i: int) -> Parse | None:
    value = _digit_value(_word(toks, i))
    if value is None:
        return None
    scale, j = _scale_chain(toks, i + 1)
    return value * (scale or 1.0), j, False, None, None


_KINDS = {**dict.fromkeys(_UNITS, "unit"), **dict.fromkeys(_TEENS, "teen")}
_KINDS |= dict.fromkeys(TENS, "ten") | dict.fromkeys(SCALES, "scale")
_KINDS |= {"hundred": "hundred", "dozen": "dozen"}
_AFTER = {  # kind -> the kinds it may follow (None: first word; "and" after hundred/scale)
    "unit": {None, "ten", "hundred", "scale", "and"},
    "teen": {None, "hundred", "scale", "and"},
    "ten": {None, "hundred", "scale", "and"},
    "hundred": {"a", "unit", "teen", "ten"},
    "scale": {"a", "unit", "teen", "ten", "hundred"},
    "dozen": {"a", "unit", "teen", "ten"},
}


def _fits(last: str | None, word: str, smallest: float) -> bool:
    """May number word `word` follow a word of kind `last` ("twenty" then "five": yes)?"""
    kind = _KINDS.get(word)
    if kind is None or last not in _AFTER[kind]:
        return False
    return kind != "scale" or SCALES[word] < smallest


def _parse_words(toks: list[Tok], i: int) -> Parse | None:
    """Cardinal number words: 'three hundred and forty two', 'a million', 'a dozen'."""
    total, current, last, smallest, j = 0.0, 0.0, None, math.inf, i
    if _word(toks, j) in ("a", "an"):
        current, last, j = 1.0, "a", j + 1
    while j < len(toks):
        word = _word(toks, j)
        if word == "and" and last in ("hundred", "scale") and _KINDS.get(_word(toks, j + 1)):
            last, j = "and", j + 1
            continue
        if not _fits(last, word, smallest):
            break
        last, j = _KINDS[word], j + 1
        if last == "scale":
            total, current, smallest = total + current * SCALES[word], 0.0, SCALES[word]
        elif last in ("hundred", "dozen"):
            current *= _scale(word) or 1.0
        else:
            current += SMALL.get(word, TENS.get(word, 0))
    return None if last in (None, "a") else (total + current, j, False, None, None)


def parse_at(toks: list[Tok], i: int) -> Parse | None:
    for parse in (_parse_vague, _parse_fraction, _parse_digits, _parse_words):
        found = parse(toks, i)
        if found is not None:
            return found
    return None


def malformed(toks: list[Tok], end: int) -> bool:
    """A number followed by a fraction ("two-thirds") or a scale it could not take
    ("ten thousand thousand") is not read as a number."""
    following = _word(toks, end)
    return following in FRACTIONS or _scale(following) is not None
