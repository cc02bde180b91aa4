"""Clustering compares only names whose given names start alike (name_clusters._Blocking):
the people it finds are exactly those found comparing every pair under close surnames."""

from __future__ import annotations

from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from handlers.analysis.name_clusters import _Blocking, _UnionFind, cluster
from handlers.analysis.names import NameStat, name_key

# Given names and surnames that collide on purpose: shared initials, close spellings,
# family-name-first readings (Kim, Li), particles, initials, hyphens, apostrophes.
GIVEN = ["Jan", "Jon", "John", "J.", "Jo", "Ilse", "Ilsa", "Kim", "Li", "Wei", "Ana", "Anna"]
GIVEN += ["Jong-un", "Jong Un", "Mirela", "Mirella", "Tomasz", "T.", "Yo-jong", "Xi", "Oleh"]
SURNAMES = ["Nowak", "Novak", "Nowack", "Kim", "Li", "Lee", "Varga", "Warga", "Dobos"]
SURNAMES += ["Dobosh", "von der Leyen", "O'Brien", "OBrien", "Nowak-Jezioranski", "Jong"]

NAME = st.builds(
    lambda given, surname: f"{' '.join(given)} {surname}".strip(),
    st.lists(st.sampled_from(GIVEN), max_size=2),
    st.sampled_from(SURNAMES),
)


def every_pair(names: list[str]) -> list[list[str]]:
    """The groups of comparing every pair that shares a block of close surnames."""
    tokens = {n: tuple(name_key(n).split()) for n in names}
    block, uf = _Blocking(tokens), _UnionFind(names)
    for a, b in combinations(sorted(names), 2):
        surnames_a = [s for s, _ in block.readings[a]]
        near = any(t in block.close[s] for s in surnames_a for t, _ in block.readings[b])
        if near and block.same(a, b):
            uf.union(a, b)
    return sorted(sorted(group) for group in uf.groups())


def by_initials(names: list[str]) -> list[list[str]]:
    tokens = {n: tuple(name_key(n).split()) for n in names}
    block, uf = _Blocking(tokens), _UnionFind(names)
    block.link(uf, names)
    return sorted(sorted(group) for group in uf.groups())


@settings(max_examples=300, deadline=None)
@given(st.lists(NAME, min_size=2, max_size=30, unique=True))
def test_blocking_by_initials_finds_the_groups_of_every_pair(names: list[str]) -> None:
    names = [n for n in names if name_key(n)]
    assert by_initials(names) == every_pair(names)


def test_names_meeting_only_through_a_second_reading_are_still_joined() -> None:
    """ "Kim Jong Un" reads as surname Un (given Kim Jong) or as surname Kim (given Jong Un),
    so a name with two readings is compared with every initial."""
    names = ["Kim Jong Un", "Kim Jong-un", "Jong Un Kim", "Kim Yo-jong", "Jan Kim", "J. Kim"]
    assert by_initials(names) == every_pair(names)
    found = {c.canonical: set(c.names) for c in cluster([NameStat(n, 1) for n in names])}
    assert any({"Kim Jong Un", "Kim Jong-un"} <= group for group in found.values())
    assert not any({"Jan Kim", "Kim Yo-jong"} <= group for group in found.values())
