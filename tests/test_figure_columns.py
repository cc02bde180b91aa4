"""Issue 14: a database made before figures had `measure` and `status` gains them on open,
and its figures read back with both empty; new figures keep theirs."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from store import NewDocument, NewFigure, NewPassage, Scope, Store


def document(path: str, figure: NewFigure) -> NewDocument:
    passage = NewPassage(0, 0, 0, 20, "60 people had died.", "60 peopl die")
    return NewDocument(path, path, "Flood", Scope(), passages=(passage,), figures=(figure,))


def test_an_older_database_gains_the_columns(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    old = NewFigure(60, None, None, "exact", "people", "", "60 people", position=0)
    store = Store(url)
    store.documents.add_many([document("/old.txt", old)])
    store.close()
    with sqlite3.connect(tmp_path / "old.db") as conn:  # the schema before issue 14
        conn.execute("DROP INDEX ix_figures_measure")
        conn.execute("ALTER TABLE figures DROP COLUMN measure")
        conn.execute("ALTER TABLE figures DROP COLUMN status")
    store = Store(url)
    new = NewFigure(
        60, None, None, "exact", "people", "", "60 people", "killed", "withdrawn", position=0
    )
    store.documents.add_many([document("/new.txt", new)])
    found = [f for rows in store.figures.of_passages(range(1, 10)).values() for f in rows]
    assert sorted((f.text, f.measure, f.status) for f in found) == [
        ("60 people", "", ""),
        ("60 people", "killed", "withdrawn"),
    ]
    store.close()
