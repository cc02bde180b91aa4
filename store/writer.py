"""Writing documents and everything found in them, inside the caller's transaction.

A batch is written in two steps: each document's row first, in order (so a duplicate of
an earlier document of the batch is seen as one), then the passages, figures and
mentions of all the batch's new documents, one statement each: bulk ingest paid for
about nine statements a document, now for three and a few a batch."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence

from sqlalchemy import Boolean, Connection, Float, Integer, String, Table, bindparam, delete, select
from sqlalchemy.dialects import postgresql, sqlite

from store import search
from store.records import AddResult, Attribution, NewDocument
from store.schema import documents, figures, mentions, passages, people

# Statements built once: bulk ingest runs them for every document, and building a
# statement costs more than SQLite takes to run it.
_IN_SCOPE = (
    documents.c.workspace == bindparam("workspace"),
    documents.c.channel == bindparam("channel"),
)
_EXISTING = select(documents.c.id, documents.c.content_hash).where(
    *_IN_SCOPE, documents.c.path == bindparam("path")
)
_TWIN = select(documents.c.id, documents.c.path).where(
    *_IN_SCOPE,
    documents.c.content_hash == bindparam("content_hash"),
    documents.c.path != bindparam("path"),
)
_PASSAGE_IDS = select(passages.c.document_id, passages.c.position, passages.c.id).where(
    passages.c.document_id.in_(bindparam("document_ids", expanding=True))
)

Added = list[tuple[NewDocument, int]]  # documents whose rows are in, waiting for their contents
PassageIds = dict[tuple[int, int], int]  # (document id, position) -> passage id
_PEOPLE_IDS = select(people.c.key, people.c.id).where(
    people.c.workspace == bindparam("workspace"),
    people.c.key.in_(bindparam("keys", expanding=True)),
)


def _insert_rows(conn: Connection, table: Table, rows: list[dict]) -> None:
    """`conn.execute(table.insert(), rows)`; on SQLite the rows go to the driver as tuples,
    since SQLAlchemy's processing of each row's parameters cost as much as SQLite took to
    insert it (and its FTS5 trigger). Only when that changes nothing: every column with a
    Python-side default is given, and each value needs no conversion for the driver."""
    keys = tuple(rows[0])
    sql = _driver_insert(table, keys) if conn.dialect.name == "sqlite" else ""
    if sql:
        conn.exec_driver_sql(sql, [tuple(row[k] for k in keys) for row in rows])
    else:
        conn.execute(table.insert(), rows)


_AS_DRIVER_TAKES = (Boolean, Float, Integer, String)  # Text is a String
_QUOTE = sqlite.dialect().identifier_preparer.quote


@functools.cache
def _driver_insert(table: Table, keys: tuple[str, ...]) -> str:
    """SQLite's INSERT of `keys` as its driver takes it, or "" when SQLAlchemy must build it."""
    defaulted = {c.name for c in table.c if c.default is not None or c.onupdate is not None}
    columns = [table.c[k] for k in keys if k in table.c]
    if len(columns) < len(keys) or not defaulted <= set(keys):
        return ""
    if not all(isinstance(c.type, _AS_DRIVER_TAKES) for c in columns):
        return ""
    names = ", ".join(_QUOTE(k) for k in keys)
    return f"INSERT INTO {_QUOTE(table.name)} ({names}) VALUES ({', '.join('?' * len(keys))})"


def write_document(conn: Connection, doc: NewDocument, now: dt.datetime) -> AddResult:
    """Add `doc`, replace its older version at the same path, or leave it unchanged."""
    return write_documents(conn, [doc], now)[0]


def write_documents(
    conn: Connection, docs: Sequence[NewDocument], now: dt.datetime
) -> list[AddResult]:
    """`write_document` for each of `docs`, in order; their contents in one go."""
    results, added = [], []
    for doc in docs:
        result = _place(conn, doc, now, added)
        results.append(result)
        if result.status in ("added", "updated"):
            added.append((doc, result.document_id))
    _insert_contents(conn, added)
    return results


def _place(conn: Connection, doc: NewDocument, now: dt.datetime, added: Added) -> AddResult:
    """The document's row: added, replacing an older version, or none (unchanged, duplicate)."""
    where = {
        "workspace": doc.scope.workspace,
        "channel": doc.scope.channel or "",
        "path": doc.path,
        "content_hash": doc.content_hash,
    }
    existing = conn.execute(_EXISTING, where).first()
    if existing and existing.content_hash == doc.content_hash:
        return AddResult("unchanged", existing.id)
    twin = conn.execute(_TWIN, where).first()
    if twin:
        return AddResult("duplicate", twin.id, duplicate_of=twin.path)
    if existing:
        _insert_contents(conn, added)  # the version replaced may be waiting for its contents
        added.clear()
        delete_document(conn, existing.id)
    doc_id = _insert_document(conn, doc, now)
    return AddResult("updated" if existing else "added", doc_id)


def _insert_contents(conn: Connection, added: Added) -> None:
    """Passages, figures and mentions of the documents `added`, a statement each."""
    if not added:
        return
    ids = _insert_passages(conn, added)
    for _, doc_id in added:
        search.count_terms(conn, doc_id, 1)
    _insert_figures(conn, added, ids)
    _insert_mentions(conn, added, ids)


def delete_document(conn: Connection, doc_id: int) -> None:
    # Explicit, child tables first: the FTS triggers fire on each passage row.
    search.count_terms(conn, doc_id, -1)
    for table in (mentions, figures, passages):
        conn.execute(delete(table).where(table.c.document_id == doc_id))
    conn.execute(delete(documents).where(documents.c.id == doc_id))


def _insert_document(conn: Connection, doc: NewDocument, now: dt.datetime) -> int:
    result = conn.execute(
        documents.insert(),
        {
            "workspace": doc.scope.workspace,
            "channel": doc.scope.channel or "",
            "path": doc.path,
            "content_hash": doc.content_hash,
            "title": doc.title,
            "source": doc.source,
            "author": doc.author,
            "published": doc.published,
            "url": doc.url,
            "kind": doc.kind,
            "ingested_at": now,
        },
    )
    return result.inserted_primary_key[0]


def _insert_passages(conn: Connection, added: Added) -> PassageIds:
    """Insert the passages; return passage id by (document id, position)."""
    rows = [row for doc, doc_id in added for row in _passage_rows(doc, doc_id)]
    if not rows:
        return {}
    _insert_rows(conn, passages, rows)
    found = conn.execute(_PASSAGE_IDS, {"document_ids": [doc_id for _, doc_id in added]})
    return {(doc_id, position): pid for doc_id, position, pid in found}


def _passage_rows(doc: NewDocument, doc_id: int) -> list[dict]:
    with_figures = {f.position for f in doc.figures}
    return [
        {
            "document_id": doc_id,
            "paragraph": p.paragraph,
            "position": p.position,
            "start": p.start,
            "end": p.end,
            "text": p.text,
            "terms": p.terms,
            "has_figure": p.position in with_figures,
            **_said_columns(p.said),
            "said_key": p.said.key if p.said else None,
        }
        for p in doc.passages
    ]


def _insert_figures(conn: Connection, added: Added, ids: PassageIds) -> None:
    rows = [
        {
            "document_id": doc_id,
            "passage_id": ids[doc_id, f.position],
            **f.measured(),
            **_said_columns(f.said),
        }
        for doc, doc_id in added
        for f in doc.figures
        if (doc_id, f.position) in ids
    ]
    if rows:
        _insert_rows(conn, figures, rows)


def _said_columns(said: Attribution | None) -> dict[str, str | None]:
    if said is None:
        return _NOT_SAID
    return {"said_text": said.text, "said_kind": said.kind, "said_person": said.person}


_NOT_SAID = {"said_text": None, "said_kind": None, "said_person": None}


def _insert_mentions(conn: Connection, added: Added, ids: PassageIds) -> None:
    person_ids = _upsert_people(conn, added)
    rows = [
        {
            "person_id": person_ids[doc.scope.workspace, m.person_key],
            "document_id": doc_id,
            "passage_id": ids.get((doc_id, m.position)) if m.position is not None else None,
            "spelling": m.spelling,
            "title": m.title,
            "bare": m.bare or None,
        }
        for doc, doc_id in added
        for m in doc.mentions
    ]
    if rows:
        _insert_rows(conn, mentions, rows)


def _upsert_people(conn: Connection, added: Added) -> dict[tuple[str, str], int]:
    """One people row per (workspace, key), safe when several writers race; a key's first
    mention in the batch names it."""
    names: dict[str, dict[str, str]] = {}
    for doc, _ in added:
        for m in doc.mentions:
            names.setdefault(doc.scope.workspace, {}).setdefault(m.person_key, m.person_name)
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(people).on_conflict_do_nothing(index_elements=["workspace", "key"])
    found: dict[tuple[str, str], int] = {}
    for workspace, named in sorted(names.items()):
        keys = sorted(named)  # one lock order for all writers
        rows = [{"workspace": workspace, "key": k, "name": named[k]} for k in keys]
        conn.execute(statement, rows)
        for key, pid in conn.execute(_PEOPLE_IDS, {"workspace": workspace, "keys": keys}):
            found[workspace, key] = pid
    return found
