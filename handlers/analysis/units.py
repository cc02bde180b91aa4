"""The unit written around a number: a currency before it ("$", "US$", "EUR") or a
unit after it ("%", "per cent", "percentage points", "dollars", "roubles"), for
`handlers.analysis.figures`.
"""

from __future__ import annotations

import re

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


def money_before(sentence: str, start: int) -> tuple[str, int]:
    match = _MONEY_BEFORE.search(sentence, max(0, start - 8), start)
    if match is None:
        return "", start
    code = match[1] or _DOLLARS.get(match[2] or "", _SYMBOLS.get(match[3] or "", ""))
    return code, match.start()


def unit_after(sentence: str, end: int) -> tuple[str, int]:
    match = _UNIT_AFTER.match(sentence, end)
    if match is None:
        return "", end
    if match[1] or match[2]:
        points = match[2] and "point" in match[2].lower()
        return ("percentage point" if points else "%"), match.end()
    word = match[3].lower().split()[-1]
    word = "pound" if word == "sterling" else word.rstrip("s") if len(word) > 3 else word
    return _WORD_UNITS.get(word, word.upper()), match.end()
