"""Watches and their hits: plain functions over an engine.

A watch alerts once per document, whichever process sees the document first: the
(watch_id, document_id) row of `watch_hits` is unique.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, delete, select, update
from sqlalchemy.exc import IntegrityError

from store import lifecycle
from store.digest import _figures_where
from store.records import DocumentRow, FigureRow, PassageRow, Scope
from store.rows import document
from store.schema import documents, mentions, people, watch_hits, watches


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class WatchRow:
    id: int
    workspace: str
    channel: str
    kind: str
    query: str
    thread_ts: str | None


def figures_in(engine: Engine, document_ids: Sequence[int]) -> list[tuple[FigureRow, PassageRow]]:
    """Figures in these documents."""
    return _figures_where(engine, documents.c.id.in_(list(document_ids)))


def documents_by_id(engine: Engine, document_ids: Sequence[int]) -> list[DocumentRow]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(*documents.c)
            .where(documents.c.id.in_(list(document_ids)))
            .order_by(documents.c.id)
        )
        return lifecycle.marked(conn, [document(row) for row in rows])


# -- watches -------------------------------------------------------------------------------


def _watch(row) -> WatchRow:
    return WatchRow(row.id, row.workspace, row.channel, row.kind, row.query, row.thread_ts)


def add_watch(engine: Engine, scope: Scope, kind: str, query: str) -> WatchRow:
    with engine.begin() as conn:
        new_id = conn.execute(
            watches.insert().values(
                workspace=scope.workspace,
                channel=scope.channel or "",
                kind=kind,
                query=query,
                created_at=_now(),
            )
        ).inserted_primary_key[0]
    return WatchRow(new_id, scope.workspace, scope.channel or "", kind, query, None)


def list_watches(engine: Engine, workspace: str, channel: str | None = None) -> list[WatchRow]:
    """The workspace's watches, or one channel's."""
    query = select(watches).where(watches.c.workspace == workspace).order_by(watches.c.id)
    if channel is not None:
        query = query.where(watches.c.channel == channel)
    with engine.connect() as conn:
        return [_watch(row) for row in conn.execute(query)]


def remove_watch(engine: Engine, scope: Scope, watch_id: int) -> bool:
    with engine.begin() as conn:
        gone = conn.execute(
            delete(watches).where(
                watches.c.id == watch_id,
                watches.c.workspace == scope.workspace,
                watches.c.channel == (scope.channel or ""),
            )
        )
        return gone.rowcount > 0


def record_hit(engine: Engine, watch_id: int, document_id: int) -> bool:
    """True the first time this document alerts this watch, False ever after."""
    try:
        with engine.begin() as conn:
            conn.execute(
                watch_hits.insert().values(
                    watch_id=watch_id, document_id=document_id, created_at=_now()
                )
            )
    except IntegrityError:
        return False
    return True


def set_watch_thread(engine: Engine, watch_id: int, ts: str) -> str:
    """Keep the first thread recorded for the watch; the thread to use is returned."""
    with engine.begin() as conn:
        conn.execute(
            update(watches)
            .where(watches.c.id == watch_id, watches.c.thread_ts.is_(None))
            .values(thread_ts=ts)
        )
        return conn.execute(select(watches.c.thread_ts).where(watches.c.id == watch_id)).scalar()


def document_names(engine: Engine, document_ids: Sequence[int]) -> dict[int, set[str]]:
    """The people named in each document."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(mentions.c.document_id, people.c.name)
            .join(people, people.c.id == mentions.c.person_id)
            .where(mentions.c.document_id.in_(list(document_ids)))
        )
        found: dict[int, set[str]] = {}
        for doc_id, name in rows:
            found.setdefault(doc_id, set()).add(name)
        return found


def watch_threads(engine: Engine, watch_ids: Sequence[int]) -> dict[int, str | None]:
    """The thread each watch posts in, None before its first alert."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(watches.c.id, watches.c.thread_ts).where(watches.c.id.in_(list(watch_ids)))
        )
        return dict(rows.all())
