"""The archive's people as /who knows them: every name a scope sees, clustered into people
with the editors' corrections applied; kept by the store while what the scope sees stays the
same, and saved beside the candidate index for the processes that come next."""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Hashable
from dataclasses import dataclass
from functools import cache, cached_property
from itertools import accumulate
from pathlib import Path

from handlers.analysis import name_clusters
from handlers.analysis import names as name_rules
from handlers.analysis.name_clusters import cluster
from handlers.analysis.name_index import NameIndex
from handlers.analysis.names import Cluster, NameStat, match_query, name_key
from store import DocumentOrder, NameRow, Scope, Store
from store.cache import LRU

MEMO_FACTS = 200_000  # mentions (and statements) a People keeps read, in all


@dataclass(frozen=True)
class People:
    """Everyone in the visible documents, with the editors' corrections applied."""

    clusters: list[Cluster]
    rows: dict[str, NameRow]
    splits: list[tuple[str, str]]  # (person's name, spelling that is someone else)
    documents: DocumentOrder  # the visible documents, newest first

    def cluster_of(self, name: str) -> Cluster | None:
        return self._cluster_by_name.get(name)

    def split_spellings(self, found: Cluster) -> set[str]:
        return {name_key(s) for n, s in self.splits if n in found.names}

    # Built on first use and kept with the cached People (see load_people): a /who answers
    # from these instead of scanning every name and cluster per query.
    @cached_property
    def memo(self) -> LRU:
        """Mentions and statements already read for this archive state, by person."""
        return LRU(MEMO_FACTS)

    @cached_property
    def _cluster_by_name(self) -> dict[str, Cluster]:
        return {name: c for c in self.clusters for name in c.names}

    @cached_property
    def split_off(self) -> dict[str, str]:
        """Split spellings that are no indexed name, each with the person it was split from."""
        return {s: n for n, s in self.splits if s not in self.rows}

    @cached_property
    def names_index(self) -> NameIndex:
        """What a query is matched against: every name, and the split-off spellings."""
        return NameIndex([*self.rows, *self.split_off])

    @cached_property
    def canonical_by_key(self) -> dict[str, str]:
        """Each indexed name's key -> the canonical name of its person (attributions store
        the key of the name their document gives)."""
        found = {}
        for name, row in self.rows.items():
            if owner := self.cluster_of(name):
                found[row.key] = owner.canonical
        return found

    @cached_property
    def compound_surnames(self) -> dict[str, list[str]]:
        """Names whose last word is hyphenated, by that word's key: "Jan Nowak-Jezioranski"
        under "nowak jezioranski", which the name index reads as a given name and a surname."""
        found: dict[str, list[str]] = {}
        for name in self.rows:
            last = name.split()[-1] if " " in name else ""
            if "-" in last.strip("-"):
                found.setdefault(name_key(last), []).append(name)
        return found

    def surname_hits(self, query: str) -> list[tuple[str, float]]:
        """The names a hyphenated surname query ends, as best hits."""
        return [(name, 100.0) for name in self.compound_surnames.get(name_key(query), [])]

    @cached_property
    def canonical_index(self) -> NameIndex:
        """What "did you mean" suggests from: one name per person."""
        return NameIndex([c.canonical for c in self.clusters])


def load_people(store: Store, scope: Scope) -> People:
    """Everyone `scope` sees. Clustering every name costs ~0.5 s on a 100k-sentence
    archive, so the store keeps the result, with the visible documents' order, until what
    the scope sees changes (a document written, replaced, forgotten or retracted, an
    editor's merge or split, in any process): `store.people_cache`. A process that has
    none kept opens the copy saved for that state (store/people_file.py), and saves what
    it had to read: a one-shot `factdesk claim` naming a speaker at 1M sentences spent 1.1 s
    of its 1.9 reading and clustering the people, 0.03 s opening them."""
    return store.people_cache.get_at(scope, lambda state: _saved_or_read(store, scope, state))


@dataclass(frozen=True)
class SavedPeople:
    """What `save_people` did: `people` clustered and saved in `path` (`fresh`: now, not by
    an earlier command), or `refused`: why they could not be saved."""

    people: int = 0
    path: str = ""
    fresh: bool = False
    refused: str = ""


def save_people(store: Store, scope: Scope) -> SavedPeople | None:
    """Cluster everyone `scope` sees and save them (store/people_file.py), so the next
    command that names someone opens them instead of reading every name; nothing to do when
    this archive state's file is there already. None: the store keeps no files (in memory)."""
    files = store.people_files()
    if files is None:
        return None
    if why := files.unwritable():
        return SavedPeople(refused=why)
    state = store.generations.of(scope)
    path = files.path_for(state, rules())
    if path.exists():
        return SavedPeople(path=str(path))
    everyone = load_people(store, scope)  # read, clustered and saved unless already cached
    if not path.exists() and store.generations.of(scope) == state:
        files.save(state, rules(), _as_saved(everyone))
    if not path.exists():
        return SavedPeople(refused="the archive changed while they were read, or see the log")
    return SavedPeople(len(everyone.clusters), str(path), fresh=True)


def _saved_or_read(store: Store, scope: Scope, state: Hashable) -> People:
    files = store.people_files()
    if files is None:
        return _read_people(store, scope)
    saved = files.load(state, rules())
    if saved is not None:
        try:
            return _from_saved(saved)
        except (KeyError, TypeError, ValueError) as exc:
            files.discard(files.path_for(state, rules()), f"is damaged ({exc!r})")
    found = _read_people(store, scope)
    if store.generations.of(scope) == state:  # else it may hold what `state` does not see
        files.save(state, rules(), _as_saved(found))
    return found


@cache
def rules() -> str:
    """A fingerprint of the code that turns names into people: a saved copy made by other
    rules (another release) is not used."""
    digest = hashlib.sha256()
    for module in (name_rules, name_clusters, sys.modules[__name__]):
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:16]


def _as_saved(people: People) -> dict:
    """People as JSON, a list per field (rows keep the database's order, which
    `compound_surnames` lists hits in): read back, a list per row or cluster would leave
    that many freed lists among the names kept (at 1M real-news sentences ~100 MB of a
    process's heap that the names then held in place)."""
    rows, clusters = list(people.rows.values()), people.clusters
    return {
        "rows": {field: [getattr(r, field) for r in rows] for field in _ROW_FIELDS},
        "clusters": {
            "canonical": [c.canonical for c in clusters],
            "sizes": [len(c.names) for c in clusters],
            "names": [name for c in clusters for name in c.names],
            "mentions": [c.mentions for c in clusters],
        },
        "splits": [list(pair) for pair in people.splits],
        "documents": people.documents.newest_first.tolist(),
    }


_ROW_FIELDS = ("person_id", "key", "name", "mentions", "documents", "bare")


def _from_saved(saved: dict) -> People:
    columns = [saved["rows"][field] for field in _ROW_FIELDS]
    rows = {}
    for person_id, key, name, mentions, documents, bare in zip(*columns, strict=True):
        rows[name] = NameRow(int(person_id), key, name, int(mentions), int(documents), int(bare))
    splits = [(str(a), str(b)) for a, b in saved["splits"]]
    order = DocumentOrder.of(int(doc) for doc in saved["documents"])
    return People(_clusters_from_saved(saved["clusters"], rows), rows, splits, order)


def _clusters_from_saved(saved: dict, rows: dict[str, NameRow]) -> list[Cluster]:
    """The clusters, their names the rows' own strings (the file gives each its copy)."""
    same = {name: name for name in rows}
    names = [same.get(n, n) for n in saved["names"]]
    ends = list(accumulate(saved["sizes"]))
    if len(ends) != len(saved["canonical"]) or (ends and ends[-1] != len(names)):
        raise ValueError("the clusters' names do not add up")
    return [
        Cluster(same.get(canonical, str(canonical)), tuple(names[end - size : end]), int(n))
        for canonical, size, end, n in zip(
            saved["canonical"], saved["sizes"], ends, saved["mentions"], strict=True
        )
    ]


def _read_people(store: Store, scope: Scope) -> People:
    rows = {row.name: row for row in store.people.names(scope)}
    merges, splits = _edits(store, scope, list(rows))
    stats = [NameStat(name, row.mentions) for name, row in rows.items()]
    clusters, rows = _without_lone_surnames(cluster(stats, merges=merges, splits=splits), rows)
    return People(clusters, rows, splits, store.people.document_order(scope))


def _without_lone_surnames(
    clusters: list[Cluster], rows: dict[str, NameRow]
) -> tuple[list[Cluster], dict[str, NameRow]]:
    """A surname only ever written alone in documents that never complete it ("Putin might
    hope") is a person when clustering attached it to the one full name of that surname
    known in this scope; a cluster of such surnames alone is no one ("Prices will")."""
    lone = {name for name, row in rows.items() if row.bare and row.bare == row.mentions}
    if not lone:
        return clusters, rows
    dropped = {n for c in clusters if set(c.names) <= lone for n in c.names}
    kept = [c for c in clusters if not set(c.names) <= lone]
    return kept, {name: row for name, row in rows.items() if name not in dropped}


def _edits(
    store: Store, scope: Scope, names: list[str]
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Editors' corrections, the person's name resolved to a name now indexed. A split's
    spelling stays as the editor wrote it: it may be a spelling inside one name's mentions."""
    merges, splits = [], []
    for edit in store.people.edits(scope.workspace):
        a = _resolve(edit.a, names)
        if edit.action == "merge" and a and (b := _resolve(edit.b, names)):
            merges.append((a, b))
        elif edit.action == "split" and a:
            splits.append((a, edit.b))
    return merges, splits


def _resolve(name: str, names: list[str]) -> str | None:
    if name in names:
        return name
    hits = match_query(name, names, limit=1)
    return hits[0][0] if hits else None
