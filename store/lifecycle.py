"""Documents going: forgotten (everything derived from them deleted, one transaction
each), and retracted (kept and searchable, every quote of them marked)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import replace

from sqlalchemy import Connection, and_, delete, or_, select

from store import generations
from store.generations import increment
from store.records import DocumentRow, PassageRow
from store.rows import document
from store.schema import documents, meta, retractions, watch_hits
from store.writer import delete_document

FORGOTTEN_KEY = "documents_forgotten"  # bumped by every forget: caches and memory indexes see it
RETRACTED_KEY = "retractions_changed"  # bumped by every retract or undo: caches of answers see it
_SAME_PLACE = and_(
    retractions.c.workspace == documents.c.workspace,
    retractions.c.channel == documents.c.channel,
    retractions.c.path == documents.c.path,
)


def documents_at(
    conn: Connection, workspace: str, channel: str | None, ref: str, under: bool
) -> list[DocumentRow]:
    """The documents `ref` names in a workspace (and channel, when given): its id, the exact
    path or URL it was indexed from, or, when `under`, every path below that folder."""
    where = [documents.c.workspace == workspace]
    if channel is not None:
        where.append(documents.c.channel == channel)
    if ref.isdigit():
        match = documents.c.id == int(ref)
    elif under:
        match = documents.c.path.startswith(ref.rstrip("/") + "/", autoescape=True)
    else:
        match = documents.c.path == ref
    rows = conn.execute(select(*documents.c).where(*where, match).order_by(documents.c.path))
    return [document(row) for row in rows]


def forget(conn: Connection, doc: DocumentRow) -> None:
    """Delete one document and everything derived from it (passages, full-text rows,
    figures, mentions, watch hits; tables that reference documents cascade), and its mark."""
    conn.execute(delete(watch_hits).where(watch_hits.c.document_id == doc.id))
    conn.execute(
        delete(retractions).where(
            retractions.c.workspace == doc.workspace,
            retractions.c.channel == (doc.channel or ""),
            retractions.c.path == doc.path,
        )
    )
    delete_document(conn, doc.id)
    increment(conn, FORGOTTEN_KEY)
    generations.bump(conn, doc.workspace, doc.channel)


def forgotten(conn: Connection, key: str = FORGOTTEN_KEY) -> int:
    """How many forgets (or, with RETRACTED_KEY, retraction changes) the archive has seen:
    a stamp that changes with each."""
    value = conn.execute(select(meta.c.value).where(meta.c.key == key)).scalar()
    return int(value or 0)


def retract(conn: Connection, doc: DocumentRow, note: str | None, now: dt.datetime) -> None:
    """Mark `doc` retracted with `note`, or lift the mark (`note` None)."""
    place = {"workspace": doc.workspace, "channel": doc.channel or "", "path": doc.path}
    conn.execute(delete(retractions).where(*(retractions.c[k] == v for k, v in place.items())))
    if note is not None:
        conn.execute(retractions.insert().values(**place, note=note, created_at=now))
    increment(conn, RETRACTED_KEY)
    generations.bump(conn, doc.workspace, doc.channel)


def notes(conn: Connection, document_ids: Iterable[int]) -> dict[int, str]:
    """The retraction note of each of these documents that has one."""
    ids = sorted(set(document_ids))
    if not ids:
        return {}
    found: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        rows = conn.execute(
            select(documents.c.id, retractions.c.note)
            .join(retractions, _SAME_PLACE)
            .where(documents.c.id.in_(ids[start : start + 500]))
        )
        found.update(dict(rows.all()))
    return found


def marked(conn: Connection, docs: Sequence[DocumentRow]) -> list[DocumentRow]:
    """`docs`, each retracted one carrying its note."""
    found = notes(conn, (d.id for d in docs))
    return [replace(d, retracted=found[d.id]) if d.id in found else d for d in docs]


def marked_passages(conn: Connection, rows: Sequence[PassageRow]) -> list[PassageRow]:
    """`rows`, the document of each passage of a retracted one carrying its note."""
    found = notes(conn, (r.document.id for r in rows))
    if not found:
        return list(rows)
    return [
        replace(r, document=replace(r.document, retracted=found[r.document.id]))
        if r.document.id in found
        else r
        for r in rows
    ]


def marked_figures(conn: Connection, pairs: Sequence[tuple]) -> list[tuple]:
    """(figure, passage) pairs, each passage marked as `marked_passages` does."""
    rows = marked_passages(conn, [p for _, p in pairs])
    return [(f, row) for (f, _), row in zip(pairs, rows, strict=True)]


def slack_file_documents(conn: Connection, workspace: str, file_id: str) -> list[DocumentRow]:
    """The documents indexed from one Slack file, in any channel of the workspace: their
    path is the file's permalink (…/files/USER/FILE_ID/name) or slack:FILE_ID."""
    permalink = and_(
        documents.c.path.startswith("https://", autoescape=True),
        documents.c.path.contains("/files/", autoescape=True),
        documents.c.path.contains(f"/{file_id}/", autoescape=True),
    )
    rows = conn.execute(
        select(*documents.c).where(
            documents.c.workspace == workspace,
            or_(documents.c.path == f"slack:{file_id}", permalink),
        )
    )
    return [document(row) for row in rows]
