"""Clustering spellings into people: full names joined by `same_person`, compared only
within blocks of close surname keys; surname-only names attached to the one full name that
carries their surname; then editors' merges and splits (see `cluster`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

from handlers.analysis.names import (
    SURNAME_SIMILARITY,
    Cluster,
    NameStat,
    name_key,
    readings,
    same_readings,
)


class _UnionFind:
    def __init__(self, items: Iterable[str]) -> None:
        self.parent = {item: item for item in items}

    def find(self, item: str) -> str:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> list[set[str]]:
        found: dict[str, set[str]] = defaultdict(set)
        for item in self.parent:
            found[self.find(item)].add(item)
        return list(found.values())


class _Blocking:
    """Pairwise comparison restricted to names whose surname keys are close."""

    def __init__(self, tokens: dict[str, tuple[str, ...]]) -> None:
        self.readings = {name: readings(found) for name, found in tokens.items()}
        surnames = {s for found in self.readings.values() for s, _ in found}
        self.close = _close_surnames(surnames)
        # A multi-word spelling with a given name ("von der Leyen" alone is a surname).
        self.full = {n for n, found in self.readings.items() if len(n.split()) >= 2 and found[0][1]}

    def same(self, a: str, b: str) -> bool:
        return same_readings(self.readings[a], self.readings[b])

    def index(self, names: Iterable[str]) -> dict[str, list[str]]:
        """Names under every surname they may have."""
        found: dict[str, list[str]] = defaultdict(list)
        for name in sorted(names):
            for surname, _ in self.readings[name]:
                found[surname].append(name)
        return found

    def _initials(self, names: Iterable[str]) -> dict[str, dict[str, list[str]]]:
        """Names under every surname they may have, then the initial of their given name:
        "" for a name with no given name or with two readings, which meets every initial."""
        found: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for name in sorted(names):
            found_readings = self.readings[name]
            tame = len(found_readings) == 1 and found_readings[0][1]
            for surname, given in found_readings:
                found[surname][given[0][0] if tame else ""].append(name)
        return found

    def link(self, uf: _UnionFind, names: Iterable[str]) -> None:
        """Union every pair of `names` that same_person accepts, among names under close
        surnames. Two names with one reading each and given names are the same person only
        if their given names start alike (`_given_agree`), so only those are compared. On
        real news at 1M sentences (294,434 names) that left 1.7M of 15.8M pairs, and with
        each name keyed once (`_totals`) `cluster` took 16 s CPU instead of 54, giving the
        same clusters (tests/test_name_blocks.py)."""
        index = self._initials(names)
        for surname, by_initial in index.items():
            for other in self.close[surname]:
                if other == surname:
                    self._link_within(uf, by_initial)
                elif other > surname and other in index:
                    self._link_between(uf, by_initial, index[other])

    def _link_within(self, uf: _UnionFind, by_initial: dict[str, list[str]]) -> None:
        wild = by_initial.get("", [])
        for initial, group in by_initial.items():
            self._pairs(uf, group, group, within=True)
            if initial:
                self._pairs(uf, wild, group)

    def _link_between(
        self, uf: _UnionFind, mine: dict[str, list[str]], theirs: dict[str, list[str]]
    ) -> None:
        every = [name for group in theirs.values() for name in group]
        for initial, group in mine.items():
            self._pairs(uf, group, every if not initial else theirs.get(initial, []))
            if initial:
                self._pairs(uf, group, theirs.get("", []))

    def _pairs(self, uf: _UnionFind, a: list[str], b: list[str], within: bool = False) -> None:
        for i, first in enumerate(a):
            for second in b[i + 1 :] if within else b:
                if uf.find(first) != uf.find(second) and self.same(first, second):
                    uf.union(first, second)

    def full_names_for(self, name: str, index: dict[str, list[str]]) -> set[str]:
        return {
            full
            for surname, _ in self.readings[name]
            for other in self.close[surname]
            for full in index.get(other, [])
            if self.same(name, full)
        }


def _close_surnames(surnames: set[str]) -> dict[str, list[str]]:
    """Each surname key with the keys within SURNAME_SIMILARITY. Only keys sharing their first
    two letters are compared, which keeps 50,000 names fast; Jaro-Winkler rewards a shared
    prefix, so pairs it would accept almost always share it anyway."""
    by_prefix: dict[str, list[str]] = defaultdict(list)
    for surname in sorted(surnames):
        by_prefix[surname[:2]].append(surname)
    close: dict[str, list[str]] = {}
    for group in by_prefix.values():
        for surname in group:
            hits = process.extract(
                surname,
                group,
                scorer=JaroWinkler.similarity,
                score_cutoff=SURNAME_SIMILARITY,
                limit=None,
            )
            close[surname] = [hit[0] for hit in hits]
    return close


def _attach_surnames(
    uf: _UnionFind, block: _Blocking, bare: list[str], full: list[str]
) -> list[str]:
    """Join each surname-only name to the one full-name cluster it fits; return the rest
    (no fitting cluster, or several: never guess between two people)."""
    index = block.index(full)
    fits = {name: {uf.find(f) for f in block.full_names_for(name, index)} for name in bare}
    for name, roots in fits.items():
        if len(roots) == 1:
            uf.union(name, next(iter(roots)))
    return [name for name, roots in fits.items() if len(roots) != 1]


def _rank(counts: dict[str, int]) -> Callable[[str], tuple[int, int, str]]:
    """Most mentioned first, ties: longest, then alphabetical."""
    return lambda name: (-counts[name], -len(name), name)


def _make_cluster(group: set[str], counts: dict[str, int], full: set[str]) -> Cluster:
    order = sorted(group, key=_rank(counts))
    canonical = next((n for n in order if n in full), order[0])
    return Cluster(canonical, tuple(order), sum(counts[n] for n in group))


def _leaver(group: set[str], a: str, b: str, counts: dict[str, int], full: set[str]) -> str:
    """Of two names an editor split apart, the one that leaves: not the canonical name,
    else the lower ranked. The pair's order does not matter."""
    found = _make_cluster(group, counts, full)
    ranked = sorted((a, b), key=lambda n: (n != found.canonical, found.names.index(n)))
    return ranked[1]


def _apply_edits(
    groups: list[set[str]],
    counts: dict[str, int],
    full: set[str],
    merges: list[tuple[str, str]],
    splits: list[tuple[str, str]],
) -> list[set[str]]:
    """Editors' overrides: every split is judged against the automatic clusters and moves one
    name into a cluster of its own; then every merge joins two clusters. Names that are not
    in the input are ignored."""
    where = {name: i for i, group in enumerate(groups) for name in group}
    leavers = {
        _leaver(groups[where[a]], a, b, counts, full)
        for a, b in splits
        if a in where and b in where and a != b and where[a] == where[b]
    }
    uf = _UnionFind(counts)
    for group in groups:
        kept = sorted(group - leavers)
        for name in kept[1:]:
            uf.union(kept[0], name)
    for a, b in merges:
        if a in where and b in where:
            uf.union(a, b)
    return uf.groups()


def _totals(names: Iterable[NameStat]) -> tuple[dict[str, int], dict[str, tuple[str, ...]]]:
    """Mentions by distinct name, and each name's key tokens (keyed once here: name_key's
    cache is smaller than a large archive's names)."""
    totals: dict[str, int] = defaultdict(int)
    tokens: dict[str, tuple[str, ...]] = {}
    for stat in names:
        if stat.name not in tokens:
            tokens[stat.name] = tuple(name_key(stat.name).split())
        if tokens[stat.name]:
            totals[stat.name] += stat.mentions
    return dict(totals), {name: tokens[name] for name in totals}


def cluster(
    names: list[NameStat],
    merges: list[tuple[str, str]] | None = None,
    splits: list[tuple[str, str]] | None = None,
) -> list[Cluster]:
    """Group distinct spellings into people, most mentioned first (ties: canonical name);
    the result does not depend on the input order.

    Full names are joined by same_person (transitively), comparing only names whose surname
    keys are close. Each surname-only name then joins the one full-name cluster with its
    surname; with none or several it is left out, and the surname-only names left out are
    grouped among themselves ("Zelensky" with "Zelenskyy"), never with a full name. Repeated
    names add up; names with an empty key are dropped.

    Editors' overrides, names absent from `names` ignored: each `splits` pair (either order)
    found in one automatic cluster moves one of the two - not the canonical name, else the
    less mentioned - into a cluster of its own; then each `merges` pair joins two clusters."""
    counts, tokens = _totals(names)
    block = _Blocking(tokens)
    full = sorted(block.full)
    bare = sorted(n for n in counts if n not in block.full)
    uf = _UnionFind(counts)
    block.link(uf, full)
    block.link(uf, _attach_surnames(uf, block, bare, full))
    groups = _apply_edits(uf.groups(), counts, block.full, merges or [], splits or [])
    clusters = [_make_cluster(group, counts, block.full) for group in groups]
    return sorted(clusters, key=lambda c: (-c.mentions, c.canonical))
