"""/who: who a person is in the sources, spelling variants unified, misspellings forgiven."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from handlers.analysis.names import Cluster, NameStat, cluster, match_query, name_key, suggest
from handlers.analysis.text import truncate_query
from handlers.answers import Mention, Person, Source, WhoAnswer
from store import MentionRow, NameRow, Scope, Store


@dataclass(frozen=True)
class People:
    """Everyone in the visible documents, with the editors' corrections applied."""

    clusters: list[Cluster]
    rows: dict[str, NameRow]
    splits: list[tuple[str, str]]  # (person's name, spelling that is someone else)

    def cluster_of(self, name: str) -> Cluster | None:
        return next((c for c in self.clusters if name in c.names), None)

    def split_spellings(self, found: Cluster) -> set[str]:
        return {name_key(s) for n, s in self.splits if n in found.names}


# Clustering every name costs ~0.5 s on a 100k-sentence archive, so the result is kept
# per database and scope until its generation stamp changes (new or replaced mentions,
# an editor's merge or split). Several processes each keep their own copy and all see a
# change on their next query, since the stamp is read from the database every time.
_PEOPLE_CACHE: dict[tuple[str, str, str], tuple[tuple, People]] = {}


def load_people(store: Store, scope: Scope) -> People:
    key = (store.url, scope.workspace, scope.channel or "")
    generation = store.people_generation(scope.workspace)
    cached = _PEOPLE_CACHE.get(key)
    if cached and cached[0] == generation:
        return cached[1]
    rows = {row.name: row for row in store.names(scope)}
    merges, splits = _edits(store, scope, list(rows))
    stats = [NameStat(name, row.mentions) for name, row in rows.items()]
    people = People(cluster(stats, merges=merges, splits=splits), rows, splits)
    _PEOPLE_CACHE[key] = (generation, people)
    return people


def who(store: Store, name: str, scope: Scope, limit: int = 5) -> WhoAnswer:
    """/who NAME – who a person is in the sources, and the passages that mention them"""
    query, _ = truncate_query(name.strip(), 200)
    everyone = load_people(store, scope)
    split_off = {s: n for n, s in everyone.splits if s not in everyone.rows}
    hits = match_query(query, [*everyone.rows, *split_off], limit=10)
    if not hits:
        close = tuple(suggest(query, [c.canonical for c in everyone.clusters]))
        return WhoAnswer(query, None, (), (), close, f"No one called {query!r} in the sources.")
    people = []
    for hit, _ in hits:
        found = _person_mentions(store, scope, everyone, hit, split_off)
        if found and found[0].name not in {p.name for p, _ in people}:
            people.append(found)
    (person, mentions), others = people[0], people[1:4]
    return WhoAnswer(query, person, tuple(p for p, _ in others), _excerpts(store, mentions, limit))


def _person_mentions(
    store: Store, scope: Scope, everyone: People, hit: str, split_off: dict[str, str]
) -> tuple[Person, list[MentionRow]] | None:
    """The person a matched name stands for, with their mentions."""
    if hit in split_off:
        owner = everyone.cluster_of(split_off[hit])
        mentions = _mentions(store, scope, everyone, owner) if owner else []
        mine = [m for m in mentions if name_key(m.spelling) == name_key(hit)]
        return (_person(hit, mine), mine) if mine else None
    found = everyone.cluster_of(hit)
    if found is None:
        return None
    kept = _mentions(store, scope, everyone, found, exclude=everyone.split_spellings(found))
    return _person(found.canonical, kept), kept


def _mentions(
    store: Store, scope: Scope, everyone: People, found: Cluster, exclude: set[str] = frozenset()
) -> list[MentionRow]:
    ids = [everyone.rows[n].person_id for n in found.names]
    return [m for m in store.mentions(ids, scope) if name_key(m.spelling) not in exclude]


def people(store: Store, scope: Scope, limit: int = 20) -> WhoAnswer:
    """/who – the people in the sources, most mentioned first"""
    everyone = load_people(store, scope)
    listed = []
    for found in everyone.clusters[:limit]:
        kept = _mentions(store, scope, everyone, found, everyone.split_spellings(found))
        listed.append(_person(found.canonical, kept))
    return WhoAnswer("", None, tuple(listed), ())


def _person(name: str, mentions: list[MentionRow]) -> Person:
    spellings = Counter(m.spelling for m in mentions)
    aliases = tuple(dict.fromkeys([name, *(s for s, _ in spellings.most_common())]))
    titles = Counter(m.title for m in mentions if m.title)
    return Person(
        name=name,
        aliases=aliases,
        titles=tuple(t for t, _ in titles.most_common()),
        mentions=len(mentions),
        documents=len({m.document.id for m in mentions}),
    )


def _excerpts(store: Store, mentions: list[MentionRow], limit: int) -> tuple[Mention, ...]:
    """One excerpt per document (newest first), then the rest, up to `limit`."""
    firsts, rest, seen_docs, seen_passages = [], [], set(), set()
    for m in mentions:
        if m.passage_id is None or m.passage_id in seen_passages:
            continue
        seen_passages.add(m.passage_id)
        (rest if m.document.id in seen_docs else firsts).append(m)
        seen_docs.add(m.document.id)
    chosen = (firsts + rest)[:limit]
    texts = {p.id: p.text for p in store.passages([m.passage_id for m in chosen])}
    return tuple(
        Mention(texts[m.passage_id], Source.of(m.document), m.spelling)
        for m in chosen
        if m.passage_id in texts
    )


def _edits(
    store: Store, scope: Scope, names: list[str]
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Editors' corrections, the person's name resolved to a name now indexed. A split's
    spelling stays as the editor wrote it: it may be a spelling inside one name's mentions."""
    merges, splits = [], []
    for edit in store.edits(scope.workspace):
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


def merge(store: Store, scope: Scope, a: str, b: str) -> str:
    """who --merge A B: from now on A and B are one person."""
    edit = store.add_edit(scope.workspace, "merge", a, b)
    return f"edit {edit.id}: {a!r} and {b!r} are now one person (undo: who --undo {edit.id})"


def split(store: Store, scope: Scope, name: str, spelling: str) -> str:
    """who --split NAME SPELLING: mentions written SPELLING are someone else, not NAME."""
    edit = store.add_edit(scope.workspace, "split", name, spelling)
    return f"edit {edit.id}: {spelling!r} is kept apart from {name!r} (undo: who --undo {edit.id})"


def undo(store: Store, scope: Scope, edit_id: int) -> str:
    if store.remove_edit(scope.workspace, edit_id):
        return f"edit {edit_id} removed"
    return f"no edit {edit_id} (see who --edits)"


def list_edits(store: Store, scope: Scope) -> str:
    edits = store.edits(scope.workspace)
    if not edits:
        return "no editors' merges or splits yet"
    return "\n".join(f"{e.id}. {e.action} {e.a!r} {e.b!r} ({e.created_at:%Y-%m-%d})" for e in edits)
