"""Shares written as words: "half of", "a third of", "two-thirds of", "one in five".

`find_shares(sentence)` gives each as a `NumberSpan` whose value is a percentage
("a third of" -> 33.33, "one in five" -> 20); `handlers.analysis.figures` makes figures of
them with unit "%", their hedge ("nearly half of") and what they are a share of (the noun
after "of", or after "one in five"). A fraction is a share only when "of" follows it
("half of the buildings"), so "half a million" and "a third" alone are not shares.
Percentages written with digits ("40%", "40 per cent") are read by the figure extractor.
"""

from __future__ import annotations

import re

from handlers.analysis.counted import STOP, singular
from handlers.analysis.number_words import SMALL
from handlers.analysis.numbers import NumberSpan

_PARTS = {"half": 2, "third": 3, "quarter": 4, "fifth": 5, "sixth": 6, "tenth": 10}
_PARTS |= {f"{word}s": n for word, n in _PARTS.items() if word != "half"} | {"halves": 2}
_COUNTS = {"a": 1, "an": 1, **{w: n for w, n in SMALL.items() if 1 <= n <= 9}}
_COUNT_WORDS = "|".join(sorted(_COUNTS, key=len, reverse=True))
_PART_WORDS = "|".join(sorted(_PARTS, key=len, reverse=True))
_PART_STEMS = ("half", "halves", "third", "quarter", "fifth", "sixth", "tenth")
_NUMBER = rf"(?:[0-9]{{1,3}}|{_COUNT_WORDS})"
_FRACTION = re.compile(
    rf"(?<![\w-])(?:(?P<count>{_COUNT_WORDS})[\s-]+)?(?P<part>{_PART_WORDS})(?=\s+of\b)", re.I
)
_ONE_IN = re.compile(
    rf"(?<![\w-])(?P<a>{_NUMBER})\s+(?:in|out\s+of)\s+(?:every\s+)?(?P<b>{_NUMBER})(?![\w%-])",
    re.I,
)


def _count(word: str) -> int | None:
    word = word.casefold()  # what re.I matched: "ſixth" and "ＫB" fold as it folds them
    return int(word) if word.isdigit() else _COUNTS.get(word)


def _may_hold_fraction(sentence: str) -> bool:
    """False when an ASCII sentence holds none of the part words (a faster test than the
    search; a non-ASCII one is searched, since the search ignores case beyond ASCII)."""
    if not sentence.isascii():
        return True
    low = sentence.lower()
    return any(part in low for part in _PART_STEMS)


def find_shares(sentence: str) -> list[NumberSpan]:
    """Every share written in words in `sentence`, value in percent, in order."""
    fractions = _FRACTION.finditer(sentence) if _may_hold_fraction(sentence) else ()
    found = [_fraction(m) for m in fractions]
    found += [_one_in(m) for m in _ONE_IN.finditer(sentence)]
    return sorted((span for span in found if span is not None), key=lambda s: s.start)


def _fraction(match: re.Match[str]) -> NumberSpan | None:
    count = _count(match["count"]) if match["count"] else 1
    part = _PARTS.get(match["part"].casefold())
    if count is None or part is None or count >= part:
        return None
    value = round(100 * count / part, 2)
    return NumberSpan(match.start(), match.end(), value, match[0])


def _one_in(match: re.Match[str]) -> NumberSpan | None:
    a, b = _count(match["a"]), _count(match["b"])
    if a is None or b is None or not 0 < a < b:
        return None
    return NumberSpan(match.start(), match.end(), round(100 * a / b, 2), match[0])


_OF_WHAT = re.compile(
    r"\s+(?:of\s+)?(?:(?:the|all|its|their|his|her|our|registered|eligible)\s+)*"
    r"((?:[A-Za-z][\w'’-]*\s*){1,3})"
)


def share_of(sentence: str, end: int) -> tuple[str, int]:
    """What the share ending at `end` is a share of: the last noun of the words after
    "of (the)", up to a function word ("of the valley's farmland" -> "farmland")."""
    match = _OF_WHAT.match(sentence, end)
    if match is None:
        return "", end
    words, stop = [], match.start(1)
    for word in re.finditer(r"[A-Za-z][\w'’-]*", match[1]):
        if word[0].lower() in STOP:
            break
        words.append(word[0])
        stop = match.start(1) + word.end()
    if not words:
        return "", end
    return singular(words[-1].removesuffix("'s").removesuffix("’s")), stop
