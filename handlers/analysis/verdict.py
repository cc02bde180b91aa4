"""How a source's figure bears on a claim's: supports, consistent, differs (or related).

Each hedge allows an interval of values (`Interval`, ends open or closed):

| hedge | "… 100" allows |
|---|---|
| exact | [100, 100] |
| about (approximately, around, roughly, some, an estimated, close to, ~) | [95, 105] (±5%) |
| nearly (nearly, almost, just under, just shy of) | [95, 100]: just under, up to its value |
| just over | (100, 105] |
| at least (no fewer than, or more, +) | [100, ∞) |
| more than (over, exceeded, above) | (100, ∞): strictly more |
| up to (at most, no more than, as many as) | [0, 100] |
| fewer than (less than, under, below) | [0, 100) |
| range ("between 80 and 120") | [80, 120] |
| vague ("thousands", "a few hundred") | [low, high], the order of magnitude the words give |

`grade(claim, source)`: `differs` when the two intervals share no value. Otherwise
`supports` when the source states the claim's figure: a point-like source (exact, about,
nearly, just over) whose interval meets the claim's, the same bound or range as the claim,
a bound whose stated value is the claim's exact value ("at least 10,000" for 10,000), or a
source interval inside the claim's ("at least 12,000" for "more than 10,000"). Else
`consistent`: the source's bound, range or vague amount admits the claim's value without
stating it ("at least 10,000" for a claim of 50,000). Two "about" figures share the
tolerance (each gets half), so "approximately 10,000" and "around 11,000" differ.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from store import Measured

TOLERANCE = 0.05
POINT_HEDGES = frozenset({"exact", "about", "nearly", "just over"})
RANK = {"supports": 0, "consistent": 1, "differs": 2, "related": 3}


@dataclass(frozen=True)
class Interval:
    low: float
    high: float
    low_open: bool = False
    high_open: bool = False

    def __contains__(self, x: float) -> bool:
        above = x > self.low if self.low_open else x >= self.low
        below = x < self.high if self.high_open else x <= self.high
        return above and below

    def meets(self, other: Interval) -> bool:
        """Whether the two intervals share a value."""
        if self.low > other.high or other.low > self.high:
            return False
        if self.low == other.high:
            return not (self.low_open or other.high_open)
        if other.low == self.high:
            return not (other.low_open or self.high_open)
        return True

    def within(self, other: Interval) -> bool:
        low_ok = self.low > other.low or (
            self.low == other.low and (self.low_open or not other.low_open)
        )
        high_ok = self.high < other.high or (
            self.high == other.high and (self.high_open or not other.high_open)
        )
        return low_ok and high_ok


def interval(f: Measured, tolerance: float = TOLERANCE) -> Interval:
    """The values `f` allows (the table in the module docstring)."""
    v = f.value
    match f.hedge:
        case "about":
            return Interval(v * (1 - tolerance), v * (1 + tolerance))
        case "nearly":
            return Interval(v * (1 - tolerance), v)
        case "just over":
            return Interval(v, v * (1 + tolerance), low_open=True)
        case "at least":
            return Interval(v, math.inf)
        case "more than":
            return Interval(v, math.inf, low_open=True)
        case "up to":
            return Interval(0.0, v)
        case "fewer than":
            return Interval(0.0, v, high_open=True)
        case "range" | "vague" if f.low is not None and f.high is not None:
            return Interval(f.low, f.high)
    return Interval(v, v)


def grade(claim: Measured, source: Measured, tolerance: float = TOLERANCE) -> str:
    """supports | consistent | differs (the module docstring says when). Units must
    match (the caller checks the counted thing and the measure)."""
    if claim.unit != source.unit:
        return "differs"
    if claim.hedge == source.hedge == "about":
        tolerance /= 2
    wanted, found = interval(claim, tolerance), interval(source, tolerance)
    if not wanted.meets(found):
        return "differs"
    if source.hedge in POINT_HEDGES or found == wanted or found.within(wanted):
        return "supports"
    if claim.hedge == "exact" and source.hedge in ("at least", "up to"):
        return "supports" if claim.value == source.value else "consistent"
    return "consistent"
