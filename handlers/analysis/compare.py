"""Which figures may be compared or grouped: the same counted thing AND a compatible measure.

`comparable(a, b)`: same unit, `same_measure` (or no measure on one side, for a thing
other than people: "14 cranes" and "14 cranes were damaged"), and either the
same counted thing
(`same_counted`: troops ~ soldiers) or, for a measure that is an event happening to
people (killed, wounded, missing...), a generic counted noun on one side ("1,204 deaths",
"60 people", "85 were rescued"): "1,500 people died" and "1,204 deaths" are the same count.

`group_key(f)`: the (thing, measure, unit) /figures, the digest and the chart group by.
Generic nouns of people counted with such a measure are one thing, "people": "1,204
deaths" and "41 people were killed" are one group; "5,000 soldiers died" is another.
"""

from __future__ import annotations

import re

from handlers.analysis.counted import counted_group, same_counted
from handlers.analysis.measure import LOOSE, same_measure
from store import Measured

GENERIC = frozenset(
    {"", "people", "person", "death", "dead", "killed", "fatality", "casualty", "victim"}
    | {"wounded", "injured", "injury", "missing", "displaced", "evacuee", "resident"}
)
_TROOPS = re.compile(r"\b(?:soldiers?|troops?|servicem[ae]n|fighters?|forces?)\b", re.I)


def comparable(a: Measured, b: Measured) -> bool:
    """Whether figures `a` and `b` (found in a claim, stored, or both) count the same thing
    the same way (module docstring)."""
    if a.unit != b.unit:
        return False
    if not same_measure(a.measure, b.measure):
        return "" in (a.measure, b.measure) and _specific(a) and same_counted(a.counts, b.counts)
    if same_counted(a.counts, b.counts):
        return True
    if a.measure and a.measure == b.measure and not (a.counts and b.counts):
        return True  # "3,000 are at the front" and "some 3,000 soldiers are at the front"
    if a.measure in LOOSE:
        return False
    return _thing(a) == _thing(b) or a.counts in GENERIC or b.counts in GENERIC


def _specific(f: Measured) -> bool:
    """A counted thing that is not people in general ("cranes", "tanks", "soldiers"): a
    figure of it that names no measure may be compared with one that does."""
    return f.counts not in GENERIC and counted_group(f.counts) not in ("civilian", "troop")


def _thing(f: Measured) -> str:
    if f.counts in GENERIC and f.measure not in LOOSE:
        return "troop" if _TROOPS.search(f.text) else "people"
    return counted_group(f.counts) if f.counts else ""


def group_key(f: Measured) -> tuple[str, str, str]:
    """(thing, measure, unit): what /figures groups by."""
    measure = "" if f.measure in LOOSE else f.measure
    return _thing(f), measure, f.unit
