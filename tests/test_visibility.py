"""The scope fence in its three forms (SQLAlchemy clause, SQL text, Python) sees the same
documents, on a real database holding public, private-member and private-non-member ones."""

from __future__ import annotations

from sqlalchemy import select, text

from store import NewDocument, NewPassage, Scope, Store
from store.schema import documents
from store.visibility import SCOPE_SQL, admits, scope_params, visible

PLACES = {
    "public.txt": Scope("T1"),
    "member.txt": Scope("T1", "G-member"),
    "other.txt": Scope("T1", "G-other"),
    "dm.txt": Scope("T1", "D-member"),
    "elsewhere.txt": Scope("T2"),
    "elsewhere-private.txt": Scope("T2", "G-member"),
}
SEEN = {
    Scope("T1", "G-member"): {"public.txt", "member.txt"},
    Scope("T1", "G-other"): {"public.txt", "other.txt"},
    Scope("T1", "C-public"): {"public.txt"},
    Scope("T1"): {"public.txt"},
    Scope("T2", "G-member"): {"elsewhere.txt", "elsewhere-private.txt"},
    Scope("T3", "G-member"): set(),
}


def _index_places(store: Store) -> None:
    for path, scope in PLACES.items():
        passage = NewPassage(0, 0, 0, 12, f"Text of {path}.", "text")
        store.documents.add(NewDocument(path, path, path, scope, passages=(passage,)))


def _seen_by_clause(store: Store, scope: Scope) -> set[str]:
    with store.engine.connect() as conn:
        return set(conn.execute(select(documents.c.path).where(visible(scope))).scalars())


def _seen_by_text(store: Store, scope: Scope) -> set[str]:
    query = text(f"SELECT d.path FROM documents d WHERE {SCOPE_SQL}")
    with store.engine.connect() as conn:
        return set(conn.execute(query, scope_params(scope)).scalars())


def _seen_by_python(store: Store, scope: Scope) -> set[str]:
    with store.engine.connect() as conn:
        rows = conn.execute(select(documents.c.path, documents.c.workspace, documents.c.channel))
        return {path for path, workspace, channel in rows if admits(scope, workspace, channel)}


def test_the_clause_the_text_and_python_see_the_same_documents(store: Store) -> None:
    _index_places(store)
    for scope, expected in SEEN.items():
        assert _seen_by_clause(store, scope) == expected, scope
        assert _seen_by_text(store, scope) == expected, scope
        assert _seen_by_python(store, scope) == expected, scope


def test_the_text_form_is_the_documented_rule() -> None:
    assert SCOPE_SQL == "d.workspace = :workspace AND (d.channel = '' OR d.channel = :channel)"
