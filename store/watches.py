"""Watches and their hits.

A watch alerts once per document, whichever process sees the document first: the
(watch_id, document_id) row of `watch_hits` is unique.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from store.concept import Concept, now
from store.records import Scope
from store.schema import watch_hits, watches


@dataclass(frozen=True)
class WatchRow:
    id: int
    workspace: str
    channel: str
    kind: str
    query: str
    thread_ts: str | None


def _watch(row) -> WatchRow:
    return WatchRow(row.id, row.workspace, row.channel, row.kind, row.query, row.thread_ts)


class Watches(Concept):
    """The `watches` and `watch_hits` tables: `store.watches`."""

    def add(self, scope: Scope, kind: str, query: str) -> WatchRow:
        channel = scope.channel or ""
        with self.engine.begin() as conn:
            new_id = conn.execute(
                watches.insert().values(
                    workspace=scope.workspace,
                    channel=channel,
                    kind=kind,
                    query=query,
                    created_at=now(),
                )
            ).inserted_primary_key[0]
        return WatchRow(new_id, scope.workspace, channel, kind, query, None)

    def all(self, workspace: str, channel: str | None = None) -> list[WatchRow]:
        """The workspace's watches, or one channel's, oldest first."""
        query = select(watches).where(watches.c.workspace == workspace).order_by(watches.c.id)
        if channel is not None:
            query = query.where(watches.c.channel == channel)
        with self.engine.connect() as conn:
            return [_watch(row) for row in conn.execute(query)]

    def remove(self, scope: Scope, watch_id: int) -> bool:
        """Remove one of this channel's watches; False when it has no such watch."""
        with self.engine.begin() as conn:
            gone = conn.execute(
                delete(watches).where(
                    watches.c.id == watch_id,
                    watches.c.workspace == scope.workspace,
                    watches.c.channel == (scope.channel or ""),
                )
            )
            return gone.rowcount > 0

    def record_hit(self, watch_id: int, document_id: int) -> bool:
        """True the first time this document alerts this watch, False ever after."""
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    watch_hits.insert().values(
                        watch_id=watch_id, document_id=document_id, created_at=now()
                    )
                )
        except IntegrityError:
            return False
        return True

    def set_thread(self, watch_id: int, ts: str) -> str:
        """Keep the first thread recorded for the watch; the thread to use is returned."""
        this = watches.c.id == watch_id
        with self.engine.begin() as conn:
            conn.execute(
                update(watches).where(this, watches.c.thread_ts.is_(None)).values(thread_ts=ts)
            )
            return conn.execute(select(watches.c.thread_ts).where(this)).scalar()

    def threads(self, watch_ids: Iterable[int]) -> dict[int, str | None]:
        """The thread each watch posts in, None before its first alert."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(watches.c.id, watches.c.thread_ts).where(watches.c.id.in_(list(watch_ids)))
            )
            return dict(rows.all())
