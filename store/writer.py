"""Writing one document and everything found in it, inside the caller's transaction."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, bindparam, delete, select
from sqlalchemy.dialects import postgresql, sqlite

from store import fulltext
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
_PASSAGE_IDS = select(passages.c.position, passages.c.id).where(
    passages.c.document_id == bindparam("document_id")
)
_PEOPLE_IDS = select(people.c.key, people.c.id).where(
    people.c.workspace == bindparam("workspace"),
    people.c.key.in_(bindparam("keys", expanding=True)),
)


def write_document(conn: Connection, doc: NewDocument, now: dt.datetime) -> AddResult:
    """Add `doc`, replace its older version at the same path, or leave it unchanged."""
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
        _delete_document(conn, existing.id)
    doc_id = _insert_document(conn, doc, now)
    ids = _insert_passages(conn, doc, doc_id)
    fulltext.count_terms(conn, doc_id, 1)
    _insert_figures(conn, doc, doc_id, ids)
    _insert_mentions(conn, doc, doc_id, ids)
    return AddResult("updated" if existing else "added", doc_id)


def _delete_document(conn: Connection, doc_id: int) -> None:
    # Explicit, child tables first: the FTS triggers fire on each passage row.
    fulltext.count_terms(conn, doc_id, -1)
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


def _insert_passages(conn: Connection, doc: NewDocument, doc_id: int) -> dict[int, int]:
    """Insert the passages; return passage id by position."""
    if not doc.passages:
        return {}
    with_figures = {f.position for f in doc.figures}
    conn.execute(
        passages.insert(),
        [
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
        ],
    )
    rows = conn.execute(_PASSAGE_IDS, {"document_id": doc_id})
    return {position: pid for position, pid in rows}


def _insert_figures(conn: Connection, doc: NewDocument, doc_id: int, ids: dict[int, int]) -> None:
    rows = [
        {
            "document_id": doc_id,
            "passage_id": ids[f.position],
            "value": f.value,
            "low": f.low,
            "high": f.high,
            "hedge": f.hedge,
            "counts": f.counts,
            "unit": f.unit,
            "text": f.text,
            **_said_columns(f.said),
            "measure": f.measure,
            "status": f.status,
        }
        for f in doc.figures
        if f.position in ids
    ]
    if rows:
        conn.execute(figures.insert(), rows)


def _said_columns(said: Attribution | None) -> dict[str, str | None]:
    if said is None:
        return _NOT_SAID
    return {"said_text": said.text, "said_kind": said.kind, "said_person": said.person}


_NOT_SAID = {"said_text": None, "said_kind": None, "said_person": None}


def _insert_mentions(conn: Connection, doc: NewDocument, doc_id: int, ids: dict[int, int]) -> None:
    if not doc.mentions:
        return
    person_ids = _upsert_people(conn, doc)
    conn.execute(
        mentions.insert(),
        [
            {
                "person_id": person_ids[m.person_key],
                "document_id": doc_id,
                "passage_id": ids.get(m.position) if m.position is not None else None,
                "spelling": m.spelling,
                "title": m.title,
                "bare": m.bare or None,
            }
            for m in doc.mentions
        ],
    )


def _upsert_people(conn: Connection, doc: NewDocument) -> dict[str, int]:
    """One people row per (workspace, key), safe when several writers race."""
    names: dict[str, str] = {}
    for m in sorted(doc.mentions, key=lambda m: m.person_key):  # one lock order for all writers
        names.setdefault(m.person_key, m.person_name)
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(people).on_conflict_do_nothing(index_elements=["workspace", "key"])
    conn.execute(
        statement,
        [{"workspace": doc.scope.workspace, "key": k, "name": n} for k, n in names.items()],
    )
    rows = conn.execute(_PEOPLE_IDS, {"workspace": doc.scope.workspace, "keys": list(names)})
    return {key: pid for key, pid in rows}
