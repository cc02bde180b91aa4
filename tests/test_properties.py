"""Property tests the per-module suites do not have yet.

tests/test_figure_extract.py already proves the figure extractor never raises and is
stable under wrapping; tests/test_numbers.py that the number parser never raises;
tests/test_text.py that `fold` never raises. Here: the number parser and the query
normaliser (`normalise`, `terms`, `clean_post`) under surrounding whitespace and
punctuation, and `normalise` / `clean_post` on any string at all.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from handlers.analysis.numbers import find_numbers, parse_number
from handlers.analysis.text import clean_post, normalise, terms
from tests.test_numbers import ASCII_TEXT, NUMBERISH
from tests.test_text import ANY_TEXT

SPACE = st.text(st.sampled_from(" \t\n\u00a0\u2003"), max_size=4)
PUNCTUATION = st.sampled_from(
    [("", ""), ('"', '"'), ("“", "”"), ("(", ")."), ("'", "'"), ("", "!")]
)


def values(text: str) -> list[float]:
    return [span.value for span in find_numbers(text)]


@given(ANY_TEXT)
def test_normalise_and_clean_post_never_raise(text: str) -> None:
    normalise(text).encode("utf-8")
    clean_post(text)
    terms(clean_post(text))


@given(st.one_of(ASCII_TEXT, NUMBERISH), SPACE, SPACE)
def test_normalise_ignores_surrounding_whitespace(text: str, before: str, after: str) -> None:
    assert normalise(f"{before}{text}{after}") == normalise(text)


@given(st.one_of(ASCII_TEXT, NUMBERISH), SPACE, PUNCTUATION)
def test_query_terms_are_stable_under_wrapping(text: str, space: str, wrap: tuple[str, str]):
    wrapped = f"{space}{wrap[0]}{text}{wrap[1]}{space}"
    assert terms(wrapped) == terms(text)


@given(st.one_of(ASCII_TEXT, NUMBERISH), SPACE, SPACE)
def test_clean_post_ignores_surrounding_whitespace(text: str, before: str, after: str) -> None:
    assert clean_post(f"{before}{text}{after}") == clean_post(text)


@given(NUMBERISH, SPACE, PUNCTUATION)
def test_numbers_are_stable_under_wrapping(text: str, space: str, wrap: tuple[str, str]) -> None:
    assert values(f"{space}{wrap[0]}{text}{wrap[1]}{space}") == values(text)


@given(st.integers(min_value=0, max_value=10**12), SPACE, SPACE)
def test_parse_number_ignores_surrounding_whitespace(n: int, before: str, after: str) -> None:
    assert parse_number(f"{before}{n:,}{after}") == parse_number(f"{n:,}") == n
