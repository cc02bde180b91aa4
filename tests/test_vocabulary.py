"""SortedTerms: a saved segment's terms, searched in mapped bytes as a dict would be."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from store.search.vocabulary import SortedTerms

WORDS = st.sets(st.text(st.characters(categories=["L", "Nd"]), min_size=1, max_size=12))


def terms(words: set[str]) -> SortedTerms:
    return SortedTerms(*SortedTerms.encode(sorted(words)))


@given(WORDS, st.text(max_size=12))
def test_every_term_is_found_at_its_sorted_place_and_nothing_else(words, other) -> None:
    found, ordered = terms(words), sorted(words)
    assert list(found) == ordered and len(found) == len(ordered)
    assert all(found.get(w) == i for i, w in enumerate(ordered))
    assert found.get(other) == (ordered.index(other) if other in words else None)


@given(WORDS, st.text(max_size=3), st.text(max_size=3))
def test_a_span_holds_exactly_the_terms_between(words, low, high) -> None:
    found = terms(words)
    first, last = found.span(low, high)
    assert found.between(first, last) == sorted(w for w in words if low <= w < high)


def test_no_terms_at_all() -> None:
    empty = terms(set())
    assert len(empty) == 0 and empty.get("a") is None and empty.between(*empty.span("a", "z")) == []
