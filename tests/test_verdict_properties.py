"""Issue 14, properties: each hedge's interval, and verdicts that do not depend on how a
figure is written ("10,000" / "10000" / "ten thousand" / "10k")."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from handlers.analysis.compare import comparable
from handlers.analysis.figures import Figure, extract_figures
from handlers.analysis.verdict import TOLERANCE, grade, interval

VALUES = st.integers(min_value=1, max_value=10**9).map(float)
# hedge -> (contains its stated value, a value just inside, a value it excludes)
EXCLUDES = {
    "exact": lambda v: [v * 0.999, v * 1.001],
    "about": lambda v: [v * (1 - 2 * TOLERANCE), v * (1 + 2 * TOLERANCE)],
    "nearly": lambda v: [v * 1.001, v * (1 - 2 * TOLERANCE)],
    "just over": lambda v: [v, v * 0.999, v * (1 + 2 * TOLERANCE)],
    "at least": lambda v: [v * 0.999],
    "more than": lambda v: [v, v * 0.999],
    "up to": lambda v: [v * 1.001, -1.0],
    "fewer than": lambda v: [v, v * 1.001],
}
HAS_VALUE = {"exact", "about", "nearly", "at least", "up to"}


def figure(hedge: str, value: float, low: float | None = None, high: float | None = None):
    return Figure(value, low, high, hedge, "soldier", "", f"{value} soldiers", start=0, end=0)


@given(st.sampled_from(sorted(EXCLUDES)), VALUES)
def test_each_hedge_contains_what_it_says_and_excludes_what_it_excludes(
    hedge: str, value: float
) -> None:
    allowed = interval(figure(hedge, value))
    assert (value in allowed) == (hedge in HAS_VALUE)
    for excluded in EXCLUDES[hedge](value):
        assert excluded not in allowed


@given(VALUES, VALUES)
def test_a_range_holds_its_ends_and_nothing_outside(a: float, b: float) -> None:
    low, high = min(a, b), max(a, b) + 1
    allowed = interval(figure("range", (low + high) / 2, low, high))
    assert low in allowed and high in allowed
    assert low - 0.5 not in allowed and high + 0.5 not in allowed


@given(st.sampled_from(sorted(EXCLUDES)), VALUES)
def test_a_figure_supports_itself(hedge: str, value: float) -> None:
    assert grade(figure(hedge, value), figure(hedge, value)) == "supports"


@given(VALUES, st.integers(min_value=2, max_value=1000))
def test_a_lower_bound_is_consistent_with_more_never_a_confirmation(
    value: float, factor: int
) -> None:
    assert grade(figure("exact", value * factor), figure("at least", value)) == "consistent"
    assert grade(figure("exact", value * factor), figure("up to", value)) == "differs"


_ONES = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = [
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def words(n: int) -> str:
    """1..99 in words."""
    if n < 10:
        return _ONES[n - 1]
    if n < 20:
        return _TEENS[n - 10]
    tens, ones = divmod(n, 10)
    return _TENS[tens - 2] + (f"-{_ONES[ones - 1]}" if ones else "")


def spellings(thousands: int) -> list[str]:
    n = thousands * 1000
    return [f"{n:,}", str(n), f"{words(thousands)} thousand", f"{thousands}k"]


HEDGES = ["", "at least ", "about ", "nearly ", "more than ", "up to ", "no more than "]


def verdict(claim_text: str, source_text: str) -> str:
    (wanted,) = extract_figures(claim_text)
    (found,) = extract_figures(source_text)
    return grade(wanted, found) if comparable(wanted, found) else "related"


@settings(max_examples=150)
@given(
    st.integers(min_value=1, max_value=99),
    st.integers(min_value=1, max_value=99),
    st.sampled_from(HEDGES),
    st.sampled_from(HEDGES),
)
def test_a_verdict_does_not_depend_on_how_the_figure_is_written(
    claimed: int, stated: int, claim_hedge: str, source_hedge: str
) -> None:
    verdicts = {
        verdict(
            f"{claim_hedge}{claim_number} soldiers were sent to the border.",
            f"The ministry said {source_hedge}{source_number} soldiers were sent there.",
        )
        for claim_number in spellings(claimed)
        for source_number in spellings(stated)
    }
    assert len(verdicts) == 1
    assert verdicts != {"related"}
