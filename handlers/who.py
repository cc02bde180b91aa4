"""/who: who a person is in the sources, spelling variants unified, misspellings forgiven."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import replace

from handlers.analysis.names import Cluster, name_key
from handlers.analysis.text import truncate_query
from handlers.answers import FigureOut, Mention, Person, Said, SaidBy, Source, WhoAnswer
from handlers.people import People, load_people
from store import FigureRow, MentionFact, Scope, Store

OTHERS = 3  # people besides the best match that a /who answer lists


def who(store: Store, name: str, scope: Scope, limit: int = 5) -> WhoAnswer:
    """/who NAME – who a person is in the sources, and the passages that mention them"""
    query, _ = truncate_query(name.strip(), 200)
    everyone = load_people(store, scope)
    hits = everyone.surname_hits(query) + everyone.names_index.match(query, limit=10)
    people = _first_people(store, scope, everyone, [hit for hit, _ in hits], OTHERS + 1)
    if not people:  # no name matches, or only split-off spellings no mention is left under
        close = tuple(everyone.canonical_index.suggest(query))
        return WhoAnswer(query, None, (), (), close, f"No one called {query!r} in the sources.")
    (person, mentions), others = people[0], people[1:]
    person = replace(person, said=_said(store, everyone, hits[0][0] if hits else "", person))
    excerpts = _excerpts(store, mentions, limit + len(person.said))
    return WhoAnswer(query, person, tuple(p for p, _ in others), _unsaid(excerpts, person, limit))


def _unsaid(excerpts: tuple[Mention, ...], person: Person, limit: int) -> tuple[Mention, ...]:
    """The mentions less the passages already listed as said: one passage once, in its
    most informative role (what the person said, with its figures)."""
    said = {(s.excerpt, s.document) for s in person.said}
    return tuple(m for m in excerpts if (m.excerpt, m.document) not in said)[:limit]


SAID = 5  # passages a /who answer lists as what the person is on record as saying


def _said(store: Store, everyone: People, hit: str, person: Person) -> tuple[Said, ...]:
    """The passages attributed to this person, newest first, with their figures."""
    found = everyone.cluster_of(person.name)
    if hit in everyone.split_off or found is None:
        keys = [name_key(person.name)]
    else:
        split = everyone.split_spellings(found)
        keys = [everyone.rows[n].key for n in found.names if name_key(n) not in split]
    key = ("said", tuple(sorted(set(keys))))
    rows = everyone.memo.get(
        key, lambda: store.passages.rows(store.people.said_by(keys, everyone.documents, SAID))
    )
    figures = store.figures.of_passages([r.id for r in rows])
    mine = set(keys)

    def out(f: FigureRow) -> FigureOut:
        said = f.said
        person = person_name if said and said.person and name_key(said.person) in mine else None
        return FigureOut.of(f, SaidBy(said.text, person, said.kind) if said else None)

    person_name = person.name
    return tuple(
        Said(r.text, tuple(out(f) for f in figures.get(r.id, [])), Source.of(r.document))
        for r in rows
    )


def _first_people(
    store: Store, scope: Scope, everyone: People, hits: list[str], wanted: int
) -> list[tuple[Person, list[MentionFact]]]:
    """The first `wanted` distinct people the hits stand for, best hit first. Hits standing
    for a person already taken add nothing and are skipped; the mentions of a batch of
    people come in one query, and a further batch is fetched only when a split-off
    spelling turns out to have no mentions of its own."""
    people: list[tuple[Person, list[MentionFact]]] = []
    seen: set[str | None] = {None}  # None: a hit that stands for no one
    remaining = iter(hits)
    while len(people) < wanted:
        batch = _new_people(everyone, remaining, seen, wanted - len(people))
        if not batch:
            break
        owners = {c.canonical: c for hit in batch if (c := _owner(everyone, hit))}
        mentions = _mentions_by_cluster(store, scope, everyone, list(owners.values()))
        people += [p for hit in batch if (p := _person_mentions(everyone, hit, mentions))]
    return people


def _new_people(everyone: People, hits: Iterator[str], seen: set[str | None], n: int) -> list[str]:
    """The next `n` hits naming someone not yet seen."""
    batch = []
    for hit in hits:
        if (name := _person_name(everyone, hit)) not in seen:
            seen.add(name)
            batch.append(hit)
            if len(batch) == n:
                break
    return batch


def _person_name(everyone: People, hit: str) -> str | None:
    """The name `_person_mentions` gives the hit's person, known before any mentions."""
    if hit in everyone.split_off:
        return hit
    found = everyone.cluster_of(hit)
    return found.canonical if found else None


def _owner(everyone: People, hit: str) -> Cluster | None:
    """The cluster whose mentions a hit's person is drawn from."""
    return everyone.cluster_of(everyone.split_off.get(hit, hit))


def _person_mentions(
    everyone: People, hit: str, mentions: dict[str, list[MentionFact]]
) -> tuple[Person, list[MentionFact]] | None:
    """The person a matched name stands for, with their mentions."""
    owner = _owner(everyone, hit)
    if owner is None:
        return None
    if hit in everyone.split_off:
        mine = [m for m in mentions[owner.canonical] if name_key(m.spelling) == name_key(hit)]
        return (_person(hit, mine), mine) if mine else None
    kept = _without(mentions[owner.canonical], everyone.split_spellings(owner))
    return _person(owner.canonical, kept), kept


def _mentions_by_cluster(
    store: Store, scope: Scope, everyone: People, clusters: list[Cluster]
) -> dict[str, list[MentionFact]]:
    """Each cluster's visible mentions (by canonical name), newest first, in one query."""
    owner = {everyone.rows[n].person_id: c.canonical for c in clusters for n in c.names}
    found: dict[str, list[MentionFact]] = {c.canonical: [] for c in clusters}
    key = ("mentions", tuple(sorted(owner)))
    facts = everyone.memo.get(
        key, lambda: store.people.mention_facts(list(owner), everyone.documents)
    )
    for fact in facts:
        found[owner[fact.person_id]].append(fact)
    return found


def _without(mentions: list[MentionFact], spellings: set[str]) -> list[MentionFact]:
    """The mentions but those written with one of these (split-off) spelling keys."""
    return [m for m in mentions if name_key(m.spelling) not in spellings] if spellings else mentions


def people(store: Store, scope: Scope, limit: int = 20) -> WhoAnswer:
    """/who – the people in the sources, most mentioned first"""
    everyone = load_people(store, scope)
    top = everyone.clusters[:limit]
    mentions = _mentions_by_cluster(store, scope, everyone, top)
    listed = [
        _person(c.canonical, _without(mentions[c.canonical], everyone.split_spellings(c)))
        for c in top
    ]
    return WhoAnswer("", None, tuple(listed), ())


def _person(name: str, mentions: list[MentionFact]) -> Person:
    spellings = Counter(m.spelling for m in mentions)
    aliases = tuple(dict.fromkeys([name, *(s for s, _ in spellings.most_common())]))
    titles = Counter(m.title for m in mentions if m.title)
    return Person(
        name=name,
        aliases=aliases,
        titles=tuple(t for t, _ in titles.most_common()),
        mentions=len(mentions),
        documents=len({m.document_id for m in mentions}),
    )


def _excerpts(store: Store, mentions: list[MentionFact], limit: int) -> tuple[Mention, ...]:
    """One excerpt per document (newest first), then the rest, up to `limit`. A mention's
    passage belongs to the mention's document, so the passage brings the source along."""
    firsts, rest, seen_docs, seen_passages = [], [], set(), set()
    for m in mentions:
        if m.passage_id is None or m.passage_id in seen_passages:
            continue
        seen_passages.add(m.passage_id)
        (rest if m.document_id in seen_docs else firsts).append(m)
        seen_docs.add(m.document_id)
    chosen = (firsts + rest)[:limit]
    found = {p.id: p for p in store.passages.rows([m.passage_id for m in chosen])}
    return tuple(
        Mention(found[m.passage_id].text, Source.of(found[m.passage_id].document), m.spelling)
        for m in chosen
        if m.passage_id in found
    )


def merge(store: Store, scope: Scope, a: str, b: str) -> str:
    """who --merge A B: from now on A and B are one person."""
    edit = store.people.add_edit(scope.workspace, "merge", a, b)
    return f"edit {edit.id}: {a!r} and {b!r} are now one person (undo: who --undo {edit.id})"


def split(store: Store, scope: Scope, name: str, spelling: str) -> str:
    """who --split NAME SPELLING: mentions written SPELLING are someone else, not NAME."""
    edit = store.people.add_edit(scope.workspace, "split", name, spelling)
    return f"edit {edit.id}: {spelling!r} is kept apart from {name!r} (undo: who --undo {edit.id})"


def undo(store: Store, scope: Scope, edit_id: int) -> str:
    if store.people.remove_edit(scope.workspace, edit_id):
        return f"edit {edit_id} removed"
    return f"no edit {edit_id} (see who --edits)"


def list_edits(store: Store, scope: Scope) -> str:
    edits = store.people.edits(scope.workspace)
    if not edits:
        return "no editors' merges or splits yet"
    return "\n".join(f"{e.id}. {e.action} {e.a!r} {e.b!r} ({e.created_at:%Y-%m-%d})" for e in edits)
