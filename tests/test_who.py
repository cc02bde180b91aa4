"""handlers.who on a real database: the fast paths answer exactly what the plain ones did.

`who()` matches through the cached NameIndex, resolves only the first four people and
reads their mentions in one `Store.mention_facts` query. The reference below is the plain walk
it replaces (scan every name, one `_store_mentions` join per hit), run on an archive of
look-alike names with an editor's merge and splits, including a split-off spelling that
is no indexed name.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from handlers.analysis.names import Cluster, match_query, name_key, suggest
from handlers.analysis.text import truncate_query
from handlers.answers import Mention, Person, Source, WhoAnswer
from handlers.who import People, load_people, people, who
from store import DocumentRow, NewDocument, NewMention, NewPassage, Scope, Store
from store.rows import NEWEST_FIRST, document
from store.schema import documents, mentions
from store.visibility import visible

WORKSPACE = "T1"
SPELLINGS = (
    "Volodymyr Zelensky",
    "Zelenskyy",
    "Zelensky",
    "Zelenskiy",
    "V. Zelensky",
    "Olena Zelenska",
    "Kim Jong-un",
    "Kim Jong Un",
    "Kim Yo-jong",
    "Kim",
    "Mark Rutte",
    "Rutte",
    "Lloyd Austin",
    "Lloyd J. Austin",
    "Rustem Umerov",
    "Ursula von der Leyen",
    "von der Leyen",
)
TITLES = ("President", "Minister", "", "", "General")


def _document(rng: random.Random, index: int, channel: str | None) -> NewDocument:
    names = rng.sample(SPELLINGS, rng.randint(1, 4))
    sentences = tuple(
        NewPassage(0, i, 0, 10, f"{name} spoke in document {index}.", "spoke")
        for i, name in enumerate(names)
    )
    mentions = tuple(
        NewMention(i if rng.random() < 0.9 else None, name_key(n), n, n, rng.choice(TITLES))
        for i, n in enumerate(names)
    )
    day = rng.choice((None, dt.date(2024, 5, 1), dt.date(2024, 5, 2), dt.date(2023, 1, 9)))
    return NewDocument(
        path=f"d{index}.txt",
        content_hash=f"h{index}",
        title=f"Document {index}",
        scope=Scope(WORKSPACE, channel),
        published=day,
        passages=sentences,
        mentions=mentions,
    )


@pytest.fixture
def archive(store: Store) -> Store:
    rng = random.Random(5)
    docs = [_document(rng, i, rng.choice((None, None, "C1", "C2"))) for i in range(40)]
    store.documents.add_many(docs)
    store.people.add_edit(WORKSPACE, "split", "Volodymyr Zelensky", "Zelenskyy")
    store.people.add_edit(WORKSPACE, "split", "Zelensky", "Zelenskij")  # no such indexed name
    store.people.add_edit(WORKSPACE, "merge", "Lloyd Austin", "Rustem Umerov")
    return store


SCOPES = (Scope(WORKSPACE), Scope(WORKSPACE, "C1"), Scope(WORKSPACE, "C2"), Scope("other"))


@pytest.mark.parametrize("scope", SCOPES)
def test_mention_facts_are_the_plain_join_without_the_documents(archive: Store, scope: Scope):
    ids = [row.person_id for row in archive.people.names(Scope(WORKSPACE))]
    for chosen in (ids, ids[:1], ids[2:5], []):
        expected = [
            (m.person_id, m.spelling, m.title, m.passage_id, m.document.id)
            for m in _store_mentions(archive, chosen, scope)
        ]
        order = archive.people.document_order(scope)
        assert [tuple(f) for f in archive.people.mention_facts(chosen, order)] == expected


@dataclass(frozen=True)
class MentionRow:
    person_id: int
    spelling: str
    title: str
    passage_id: int | None
    document: DocumentRow


def _store_mentions(store: Store, person_ids: list[int], scope: Scope) -> list[MentionRow]:
    """The plain query `mention_facts` replaces: every visible mention of these people,
    joined to its document, newest documents first."""
    if not person_ids:
        return []
    with store.connect() as conn:
        rows = conn.execute(
            select(
                mentions.c.person_id,
                mentions.c.spelling,
                mentions.c.title.label("mention_title"),
                mentions.c.passage_id,
                *documents.c,
            )
            .join(documents, documents.c.id == mentions.c.document_id)
            .where(mentions.c.person_id.in_(person_ids), visible(scope))
            .order_by(*NEWEST_FIRST, mentions.c.id)
        )
        return [
            MentionRow(r.person_id, r.spelling, r.mention_title, r.passage_id, document(r, 4))
            for r in rows
        ]


QUERIES = (
    "Zelensky",
    "president zelenskiy",
    "Zelenskyy",
    "Zelenskij",
    "Volodymyr Zelenski",
    "kim jong un",
    "Kim",
    "kimjongun",
    "Rute",
    "Lloyd Austin",
    "Umerov",
    "Leyen",
    "Angela Merkel",
    "Marco Rutta",  # no one: suggestions
    "Zelenska",
)


@pytest.mark.parametrize("scope", SCOPES[:3])
def test_who_answers_like_the_plain_walk(archive: Store, scope: Scope) -> None:
    for query in QUERIES:
        assert who(archive, query, scope) == _plain_who(archive, query, scope), query
    listed = people(archive, scope)
    everyone = load_people(archive, scope)
    assert listed.others == tuple(
        _person(c.canonical, _mentions(archive, scope, everyone, c, everyone.split_spellings(c)))
        for c in everyone.clusters[:20]
    )


# -- the plain walk, as /who did it before the index -------------------------------------


def _plain_who(store: Store, name: str, scope: Scope, limit: int = 5) -> WhoAnswer:
    query, _ = truncate_query(name.strip(), 200)
    everyone = load_people(store, scope)
    split_off = {s: n for n, s in everyone.splits if s not in everyone.rows}
    hits = match_query(query, [*everyone.rows, *split_off], limit=10)
    if not hits:
        close = tuple(suggest(query, [c.canonical for c in everyone.clusters]))
        return WhoAnswer(query, None, (), (), close, f"No one called {query!r} in the sources.")
    found: list[tuple[Person, list[MentionRow]]] = []
    for hit, _ in hits:
        if hit in split_off:
            owner = _cluster_of(everyone, split_off[hit])
            mentions = _mentions(store, scope, everyone, owner) if owner else []
            mine = [m for m in mentions if name_key(m.spelling) == name_key(hit)]
            person = (_person(hit, mine), mine) if mine else None
        elif cluster := _cluster_of(everyone, hit):
            kept = _mentions(store, scope, everyone, cluster, everyone.split_spellings(cluster))
            person = (_person(cluster.canonical, kept), kept)
        else:
            person = None
        if person and person[0].name not in {p.name for p, _ in found}:
            found.append(person)
    (person, mentions), others = found[0], found[1:4]
    return WhoAnswer(query, person, tuple(p for p, _ in others), _excerpts(store, mentions, limit))


def _cluster_of(everyone: People, name: str) -> Cluster | None:
    return next((c for c in everyone.clusters if name in c.names), None)


def _mentions(store, scope, everyone, cluster, exclude=frozenset()) -> list[MentionRow]:
    ids = [everyone.rows[n].person_id for n in cluster.names]
    return [m for m in _store_mentions(store, ids, scope) if name_key(m.spelling) not in exclude]


def _person(name: str, mentions: list[MentionRow]) -> Person:
    spellings = Counter(m.spelling for m in mentions)
    titles = Counter(m.title for m in mentions if m.title)
    return Person(
        name=name,
        aliases=tuple(dict.fromkeys([name, *(s for s, _ in spellings.most_common())])),
        titles=tuple(t for t, _ in titles.most_common()),
        mentions=len(mentions),
        documents=len({m.document.id for m in mentions}),
    )


def _excerpts(store: Store, mentions: list[MentionRow], limit: int) -> tuple[Mention, ...]:
    firsts, rest, seen_docs, seen_passages = [], [], set(), set()
    for m in mentions:
        if m.passage_id is None or m.passage_id in seen_passages:
            continue
        seen_passages.add(m.passage_id)
        (rest if m.document.id in seen_docs else firsts).append(m)
        seen_docs.add(m.document.id)
    chosen = (firsts + rest)[:limit]
    texts = {p.id: p.text for p in store.passages.rows([m.passage_id for m in chosen])}
    return tuple(
        Mention(texts[m.passage_id], Source.of(m.document), m.spelling)
        for m in chosen
        if m.passage_id in texts
    )


def test_a_query_matching_only_an_empty_split_off_spelling_is_no_one_not_a_crash(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from handlers.analysis.name_index import NameIndex
    from tests.slack_wire import index

    index(store, "ferry.txt", "Ferry brief\n\nMayor Ilse Varga said 40 ferries left.\n")
    store.people.add_edit("local", "split", "Ilse Varga", "Ilsa Vargha")  # no mention is spelt so
    monkeypatch.setattr(NameIndex, "match", lambda *args, **kwargs: [("Ilsa Vargha", 100)])
    answer = who(store, "Ilsa Vargha", Scope("local"))
    assert answer.person is None and "No one called 'Ilsa Vargha'" in answer.message
