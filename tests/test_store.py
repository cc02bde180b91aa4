"""The store on a real database: transactions, replacement, scope fences, the FTS index."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from store import NewDocument, NewFigure, NewMention, NewPassage, Scope, Store, StoreError

PRIVATE = Scope("T1", "G-private")


def document(
    path: str = "a.txt", digest: str = "h1", words: str = "troop kursk", scope: Scope = Scope()
) -> NewDocument:
    return NewDocument(
        path=path,
        content_hash=digest,
        title=f"Title of {path}",
        scope=scope,
        passages=(
            NewPassage(0, 0, 0, 20, "At least 10,000 troops.", words),
            NewPassage(0, 1, 21, 40, "Zelensky spoke.", "zelenski spoke"),
        ),
        figures=(
            NewFigure(10000, 10000, None, "at least", "troop", "", "at least 10,000", position=0),
        ),
        mentions=(NewMention(1, "zelenski", "Zelensky", "Zelensky", "President"),),
    )


def test_add_then_unchanged_then_updated(store: Store) -> None:
    assert store.documents.add(document()).status == "added"
    assert store.documents.add(document()).status == "unchanged"
    changed = document(digest="h2", words="soldier belgorod")
    assert store.documents.add(changed).status == "updated"
    stats = store.documents.stats(Scope())
    assert (stats.documents, stats.passages, stats.figures, stats.mentions) == (1, 2, 1, 1)
    assert store.document_frequencies(["troop", "soldier"]) == {"troop": 0, "soldier": 1}


def test_same_text_at_another_path_is_a_duplicate(store: Store) -> None:
    store.documents.add(document("a.txt"))
    result = store.documents.add(document("copy/a.txt"))
    assert result.status == "duplicate" and result.duplicate_of == "a.txt"
    assert store.documents.stats(Scope()).documents == 1


def test_full_text_index_follows_passages(store: Store) -> None:
    store.documents.add(document())
    hits = store.match_any(["kursk"], Scope())
    assert [store.passages.rows([h.passage_id])[0].text for h in hits] == [
        "At least 10,000 troops."
    ]


def test_terms_cannot_act_as_fts_operators(store: Store) -> None:
    store.documents.add(document())
    for hostile in ['"', "*", "NEAR(", "kursk OR", "-troop", "a:b", "^x", "); DROP TABLE x; --"]:
        assert isinstance(store.match_any([hostile, "kursk"], Scope()), list)
    assert store.documents.stats(Scope()).documents == 1


def test_private_channel_document_is_fenced(store: Store) -> None:
    store.documents.add(document("private.txt", scope=PRIVATE))
    assert store.match_any(["kursk"], Scope("T1", "G-private"))
    assert not store.match_any(["kursk"], Scope("T1", "C-general"))
    assert not store.match_any(["kursk"], Scope("T1"))
    assert not store.match_any(["kursk"], Scope("T2", "G-private"))
    assert not store.people.names(Scope("T1", "C-general"))
    assert not store.figures.counting(["troop"], Scope("T1"))


def test_neighbours_and_figures(store: Store) -> None:
    store.documents.add(document())
    first = store.passages.rows([store.match_any(["troop"], Scope())[0].passage_id])[0]
    assert store.passages.neighbours([first]) == {(first.document.id, 1): "Zelensky spoke."}
    assert [f.hedge for f in store.figures.of_passages([first.id])[first.id]] == ["at least"]


def test_people_upsert_is_one_row_per_key(store: Store) -> None:
    store.documents.add(document("a.txt", "h1"))
    store.documents.add(document("b.txt", "h2"))
    [name] = store.people.names(Scope())
    assert (name.key, name.mentions, name.documents) == ("zelenski", 2, 2)


def test_person_edits_are_stored_and_reversible(store: Store) -> None:
    edit = store.people.add_edit("local", "merge", "A", "B")
    assert [e.action for e in store.people.edits("local")] == ["merge"]
    assert store.people.remove_edit("local", edit.id)
    assert store.people.edits("local") == []
    assert not store.people.remove_edit("local", edit.id)


@pytest.mark.sqlite
def test_sqlite_runs_in_wal_with_a_busy_timeout(store: Store) -> None:
    if store.engine.dialect.name != "sqlite":
        pytest.skip("SQLite-specific")
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


@pytest.mark.sqlite
def test_the_people_list_is_read_from_an_index_not_the_mentions_table(store: Store) -> None:
    if store.engine.dialect.name != "sqlite":
        pytest.skip("SQLite-specific")
    with store.engine.connect() as conn:
        plan = conn.execute(
            text(
                "EXPLAIN QUERY PLAN SELECT person_id, count(id), count(DISTINCT document_id),"
                " count(bare) FROM mentions WHERE person_id = 1"
            )
        ).all()
    assert any("COVERING INDEX ix_mentions_person_names" in row[-1] for row in plan), plan


def test_schema_version_is_recorded_and_newer_is_refused(store: Store, db_url: str) -> None:
    with store.engine.begin() as conn:
        assert (
            conn.execute(
                text("SELECT value FROM factdesk_meta WHERE key = 'schema_version'")
            ).scalar()
            == "1"
        )
        conn.execute(text("UPDATE factdesk_meta SET value = '99' WHERE key = 'schema_version'"))
    with pytest.raises(StoreError, match="newer"):
        Store(db_url)


@pytest.mark.parametrize("url", ["sqlite:////no/such/folder/x.db", "nosuchdb://x", "::::"])
def test_unusable_urls_give_one_clear_error(url: str) -> None:
    with pytest.raises(StoreError) as info:
        Store(url)
    assert "\n" not in str(info.value)


def test_a_locked_database_is_a_store_error_not_a_crash(tmp_path, monkeypatch) -> None:
    """SQLite-specific: another writer holds the lock past our busy timeout."""
    import sqlite3

    from store import engine

    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 50)
    path = tmp_path / "locked.db"
    opened = Store(f"sqlite:///{path}")
    holder = sqlite3.connect(path)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreError, match="busy"):
            opened.documents.add(document())
    finally:
        holder.rollback()
    assert opened.documents.add(document()).status == "added"
    opened.close()
