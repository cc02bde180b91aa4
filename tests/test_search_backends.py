"""Every words backend behind the search protocol gives the same top candidates.

The same small archive (our own documents: wire copy, a markdown memo, an HTML page, a
private-channel note) is searched through each backend this database has: FTS5 and the
memory index on SQLite, the GIN index and the memory index on PostgreSQL
(TEST_DATABASE_URL). The user sees the top candidates after the rerank, so those must
not depend on which backend found them.
"""

from __future__ import annotations

import pytest

from handlers.analysis.text import terms
from handlers.ingest import ingest_bytes
from store import Scope, Store, search
from store.search import CandidateSearch
from store.search.memory import MemoryIndex

PRIVATE = Scope("local", "G-HARBOUR")

WIRE = """Dock workers walk out at Ellismere container terminal

PORT ELLISMERE, March 3 - Dock workers at the Ellismere container terminal walked out on
Tuesday, leaving about 40 cargo ships waiting offshore. The stevedores' union said 1,200
members joined the stoppage over night-shift pay. Terminal managers said perishable
freight, mostly citrus and cut flowers, would be diverted to Calder Bay.
"""

MEMO = """# Memo: water rationing in Brenholt

The Brenholt council voted on Monday to ration tap water for 90 days.

- Reservoir levels fell to 31 percent after a dry winter.
- Households may use up to 150 litres of water a day.
- Farmers in the valley get separate quotas for irrigation.
"""

PAGE = """<html><head><title>Rural clinics close early</title></head><body>
<h1>Rural clinics close early</h1>
<p>Three rural clinics in the Varrow district will shut at noon from next week because of
a shortage of nurses.</p>
<p>The health board said 14 nursing posts have been vacant since the autumn.</p>
</body></html>"""

NOTE = "The Ellismere terminal's owner is quietly negotiating a sale to a Norwegian shipping group."

# (query as a reporter types it, scope, words the best passage must hold)
QUERIES = (
    ("dock workers walked out on Tuesday leaving ships offshore", Scope("local"), "walked out on"),
    ("perishable citrus and cut flowers diverted", Scope("local"), "citrus"),
    ("reservoir levels after a dry winter", Scope("local"), "Reservoir levels"),
    ("shortage of nurses closes rural clinics at noon", Scope("local"), "shortage of nurses"),
    ("vacant nursing posts", Scope("local"), "nursing posts"),
    ("terminal owner negotiating a sale to a shipping group", PRIVATE, "Norwegian"),
)


@pytest.fixture
def archive(store: Store) -> Store:
    for name, text, scope in (
        ("ellismere-wire.txt", WIRE, Scope("local")),
        ("brenholt-memo.md", MEMO, Scope("local")),
        ("varrow-clinics.html", PAGE, Scope("local")),
        ("harbour-note.txt", NOTE, PRIVATE),
    ):
        assert ingest_bytes(store, text.encode(), name, name, scope).status == "added"
    return store


def backends(store: Store) -> dict[str, CandidateSearch]:
    """The database's own backend (FTS5 or GIN) and a memory index built from it."""
    memory = MemoryIndex(store.engine)
    memory.refresh()
    database = search.on_database(store.engine.dialect.name, store.connect)
    return {database.name: database, memory.name: memory}


def test_each_backend_finds_the_same_best_passages(archive: Store) -> None:
    found = {}
    for name, backend in backends(archive).items():
        for query, scope, expected in QUERIES:
            hits = backend.match_any(terms(query), scope, limit=20)
            best = archive.passages.rows([hits[0].passage_id])[0]
            assert expected in best.text, (name, query, best.text)
            found[name, query] = [hit.passage_id for hit in hits]
    for query, _, _ in QUERIES:
        answers = {name: ids for (name, asked), ids in found.items() if asked == query}
        firsts = {ids[0] for ids in answers.values()}
        assert len(firsts) == 1, (query, answers)  # the same best passage
        assert len({frozenset(ids) for ids in answers.values()}) == 1, (query, answers)


def test_memory_orders_candidates_as_fts5_does(archive: Store) -> None:
    found = backends(archive)
    if "fts5" not in found:
        pytest.skip("FTS5 is SQLite's; PostgreSQL ranks by IDF sum (compared above)")
    for query, scope, _ in QUERIES:
        fts5, memory = (
            [hit.passage_id for hit in found[name].match_any(terms(query), scope, limit=3)]
            for name in ("fts5", "memory")
        )
        assert fts5 == memory, query


def test_each_backend_keeps_the_private_note_in_its_channel(archive: Store) -> None:
    asked = terms("Norwegian buyer quietly negotiating")
    for name, backend in backends(archive).items():
        assert backend.match_any(asked, PRIVATE), name
        assert not backend.match_any(asked, Scope("local")), name
        assert not backend.match_any(asked, Scope("local", "C-GENERAL")), name
        assert backend.document_count(Scope("local")) == 3, name
        assert backend.document_count(PRIVATE) == 4, name


def test_each_backend_counts_and_spells_the_vocabulary_alike(archive: Store) -> None:
    words = terms("dock terminal water nurses Ellismere zzyzx")
    answers = {
        name: (
            backend.document_frequencies(words),
            backend.vocabulary_between("c", "d", 100),
            backend.passage_count(),
        )
        for name, backend in backends(archive).items()
    }
    assert len({repr(a) for a in answers.values()}) == 1, answers
    frequencies, vocabulary, _ = next(iter(answers.values()))
    assert frequencies[terms("zzyzx")[0]] == 0 and frequencies[terms("terminal")[0]] >= 3
    assert ("citru", 1) in vocabulary or ("citrus", 1) in vocabulary


def test_figures_only_finds_passages_that_give_a_number(archive: Store) -> None:
    asked = terms("rural clinics nurses nursing posts vacant")
    headline = archive.match_any(terms("rural clinics close early"), Scope("local"))[0]
    assert not archive.figures.of_passages([headline.passage_id])  # a match, but it gives no figure
    for name, backend in backends(archive).items():
        ids = [h.passage_id for h in backend.match_any(asked, Scope("local"), 10, True)]
        assert ids and set(archive.figures.of_passages(ids)) == set(ids), name
        texts = [p.text for p in archive.passages.rows(ids)]
        assert any("14 nursing posts" in t for t in texts), (name, texts)
