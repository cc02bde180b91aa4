"""The hedge written around a number ("at least 10,000", "up to 30", "10,000+", "or so"),
and whether two numbers make a range ("between 8,000 and 12,000", "8,000-12,000"), for
`handlers.analysis.figures` (its docstring lists what each hedge covers).
"""

from __future__ import annotations

import re

from handlers.analysis.numbers import NumberSpan, scale_multiplier

_PRE_HEDGES = {
    "at least": "at least,no fewer than,no less than,not less than,not fewer than,a minimum of",
    "up to": "up to,as many as,as much as,at most,no more than,not more than,a maximum of",
    "about": "about,approximately,approx.,around,some,roughly,an estimated,"
    "estimated,close to,closer to,nearer to,nearer,circa,in the region of,more or less",
    "nearly": "nearly,almost,just under,just shy of,not quite",
    "just over": "just over,just above,slightly more than,a little over",
    "more than": "more than,over,exceeded,exceeding,exceeds,exceed,in excess of,upwards of,"
    "above,greater than,topped,surpassed,well over,well above,well in excess of,far more than",
    "fewer than": "fewer than,less than,under,below,lower than",
}
_HEDGE_OF = {p: h for h, phrases in _PRE_HEDGES.items() for p in phrases.split(",")}
HEDGE_WORDS = frozenset(word.strip(".") for phrase in _HEDGE_OF for word in phrase.split())
_HEDGE_ALTERNATIVES = "|".join(
    re.escape(p).replace(r"\ ", r"\s+") for p in sorted(_HEDGE_OF, key=len, reverse=True)
)
HEDGE_BEFORE = re.compile(rf"(?:(?<![\w.])({_HEDGE_ALTERNATIVES})|~)\s*$", re.I)
_HEDGE_AFTER = re.compile(r"\s*\+|-?\s?plus\b(?!\s*[0-9])|\s+or\s+(more|so|fewer|less)\b", re.I)
_POST_HEDGE = {"more": "at least", "so": "about", "fewer": "up to", "less": "up to"}
RANGE_BEFORE = re.compile(r"(?<![\w])(between|from)\s+(?:[A-Z]{0,2}[$€£¥₽₴₩]\s*)?$", re.I)
_RANGE_SEP = re.compile(
    r"(?:\s*%|\s+per\s?cent)?\s*(-|–|—|to|and)\s*(?:[A-Z]{0,2}[$€£¥₽₴₩]\s*)?", re.I
)


def hedge_before(sentence: str, start: int) -> tuple[str, int]:
    match = HEDGE_BEFORE.search(sentence, max(0, start - 40), start)
    if match is None:
        return "exact", start
    phrase = " ".join((match[1] or "~").lower().split())
    return _HEDGE_OF.get(phrase, "about"), match.start()


def hedge_after(sentence: str, end: int) -> tuple[str, int]:
    match = _HEDGE_AFTER.match(sentence, end)
    if match is None:
        return "exact", end
    return _POST_HEDGE.get((match[1] or "more").lower(), "at least"), match.end()


def range_low(a: NumberSpan, b: NumberSpan) -> float:
    """The low end of a range, taking the high end's scale: "between 8 and 12 million"."""
    scale = scale_multiplier(b.text)
    shared = scale > 1 and scale_multiplier(a.text) == 1 and a.value * scale <= b.value
    return a.value * scale if shared else a.value


def is_range(sentence: str, a: NumberSpan, b: NumberSpan) -> bool:
    sep = _RANGE_SEP.fullmatch(sentence, a.end, b.start)
    if sep is None or a.vague or b.vague or range_low(a, b) >= b.value:
        return False
    return sep[1].lower() != "and" or bool(RANGE_BEFORE.search(sentence, 0, a.start))
