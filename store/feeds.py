"""Feeds and their entries.

Whatever must happen once across replicas is decided by a row: a feed's poll by the
UPDATE that moves its `due_at` forward, an entry's fetch by the UPDATE that moves it from
'pending' to 'fetching', a link shared by several feeds by its `feed_links` primary key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import case, delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from store.concept import Concept, now
from store.records import Scope
from store.schema import feed_entries, feed_links, feeds

LEASE = dt.timedelta(minutes=10)  # a 'fetching' claim older than this was a dead replica's


def key_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class FeedRow:
    id: int
    workspace: str
    channel: str
    fenced: bool
    url: str
    title: str | None
    etag: str | None
    last_modified: str | None
    status: str | None
    pending: int = 0
    indexed: int = 0
    fetched_at: dt.datetime | None = None

    @property
    def scope(self) -> Scope:
        """Where its entries are indexed."""
        return Scope(self.workspace, self.channel if self.fenced else None)


@dataclass(frozen=True)
class EntryRow:
    id: int
    feed_id: int
    link: str
    title: str | None
    attempts: int = 0


@dataclass(frozen=True)
class NewEntry:
    key: str  # the entry's id, or its link
    link: str
    title: str | None


def _feed(row, pending: int = 0, indexed: int = 0) -> FeedRow:
    return FeedRow(
        row.id,
        row.workspace,
        row.channel,
        row.fenced,
        row.url,
        row.title,
        row.etag,
        row.last_modified,
        row.status,
        pending,
        indexed,
        _aware(row.fetched_at),
    )


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    """SQLite gives naive UTC back."""
    return moment.replace(tzinfo=dt.UTC) if moment and moment.tzinfo is None else moment


def _insert(conn, table, rows: list[dict], keys: list[str]) -> int:
    """INSERT … ON CONFLICT DO NOTHING; the count is exact for one row (PostgreSQL gives -1
    for several)."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table).on_conflict_do_nothing(index_elements=keys)
    return conn.execute(statement, rows).rowcount if rows else 0


_FEED_KEY = ["workspace", "channel", "url"]
_ENTRY_KEY = ["feed_id", "entry_key"]


def _count_of(status: str):
    return func.sum(case((feed_entries.c.status == status, 1), else_=0))


def _claimable(stale: dt.datetime):
    return or_(
        feed_entries.c.status == "pending",
        (feed_entries.c.status == "fetching") & (feed_entries.c.claimed_at < stale),
    )


def _entry_row(feed_id: int, entry: NewEntry) -> dict:
    return {
        "feed_id": feed_id,
        "entry_key": key_of(entry.key),
        "link": entry.link,
        "title": entry.title,
        "status": "pending",
        "seen_at": now(),
        "attempts": 0,
    }


class Feeds(Concept):
    """The `feeds`, `feed_entries` and `feed_links` tables: `store.feeds`."""

    def add(self, workspace: str, channel: str, fenced: bool, url: str) -> FeedRow:
        """The feed, added (due now) or, when this channel already follows `url`, as it was."""
        with self.engine.begin() as conn:
            row = {"workspace": workspace, "channel": channel, "fenced": fenced, "url": url}
            _insert(conn, feeds, [{**row, "due_at": now(), "created_at": now()}], _FEED_KEY)
            found = conn.execute(
                select(feeds).where(
                    feeds.c.workspace == workspace, feeds.c.channel == channel, feeds.c.url == url
                )
            ).one()
        return _feed(found)

    def all(self, workspace: str | None = None, channel: str | None = None) -> list[FeedRow]:
        """Feeds (of a workspace, of a channel) with their pending and indexed entry
        counts, oldest first."""
        counts = (
            select(
                feed_entries.c.feed_id,
                _count_of("pending").label("pending"),
                _count_of("indexed").label("indexed"),
            )
            .group_by(feed_entries.c.feed_id)
            .subquery()
        )
        query = select(feeds, counts.c.pending, counts.c.indexed).outerjoin(
            counts, counts.c.feed_id == feeds.c.id
        )
        if workspace is not None:
            query = query.where(feeds.c.workspace == workspace)
        if channel is not None:
            query = query.where(feeds.c.channel == channel)
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(feeds.c.id))
            return [_feed(r, int(r.pending or 0), int(r.indexed or 0)) for r in rows]

    def remove(self, workspace: str, channel: str | None, feed_id: int) -> bool:
        """Stop following a feed (one of `channel`'s, or any with None); what it indexed stays."""
        where = [feeds.c.id == feed_id, feeds.c.workspace == workspace]
        if channel is not None:
            where.append(feeds.c.channel == channel)
        with self.engine.begin() as conn:
            if conn.execute(select(feeds.c.id).where(*where)).first() is None:
                return False
            conn.execute(delete(feed_entries).where(feed_entries.c.feed_id == feed_id))
            conn.execute(delete(feeds).where(*where))
            return True

    def claim_poll(self, feed_id: int, at: dt.datetime, interval: dt.timedelta) -> bool:
        """True for the one replica that moves a due feed's next poll forward."""
        with self.engine.begin() as conn:
            moved = conn.execute(
                update(feeds)
                .where(feeds.c.id == feed_id, feeds.c.due_at <= self.as_stored(at))
                .values(due_at=at + interval)
            )
            return moved.rowcount == 1

    def due(self, at: dt.datetime) -> list[FeedRow]:
        """The feeds whose next poll is due at `at`, longest waiting first."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(feeds).where(feeds.c.due_at <= self.as_stored(at)).order_by(feeds.c.due_at)
            )
            return [_feed(r) for r in rows]

    def record_poll(self, feed_id: int, status: str, **values) -> None:
        """The poll's outcome line, and the feed's title, etag, last_modified or due_at."""
        with self.engine.begin() as conn:
            conn.execute(
                update(feeds)
                .where(feeds.c.id == feed_id)
                .values(status=status[:500], polled_at=now(), **values)
            )

    def add_entries(self, feed_id: int, entries: Sequence[NewEntry]) -> int:
        """Record entries not seen before as pending; how many were new."""
        rows = [_entry_row(feed_id, e) for e in entries]
        added = 0
        with self.engine.begin() as conn:
            for start in range(0, len(rows), 1000):
                batch = rows[start : start + 1000]
                seen = set(
                    conn.execute(
                        select(feed_entries.c.entry_key).where(
                            feed_entries.c.feed_id == feed_id,
                            feed_entries.c.entry_key.in_([r["entry_key"] for r in batch]),
                        )
                    ).scalars()
                )
                fresh = list(
                    {r["entry_key"]: r for r in batch if r["entry_key"] not in seen}.values()
                )
                _insert(conn, feed_entries, fresh, _ENTRY_KEY)  # a racing replica's rows stay
                added += len(fresh)
        return added

    def pending_entries(self, feed_id: int, limit: int) -> list[EntryRow]:
        """Entries to fetch, in the order the feed listed them; stale claims included."""
        query = (
            select(
                feed_entries.c.id,
                feed_entries.c.feed_id,
                feed_entries.c.link,
                feed_entries.c.title,
                feed_entries.c.attempts,
            )
            .where(feed_entries.c.feed_id == feed_id, _claimable(self._stale()))
            .order_by(feed_entries.c.id)
            .limit(limit)
        )
        with self.engine.connect() as conn:
            return [EntryRow(*row) for row in conn.execute(query)]

    def _stale(self) -> dt.datetime:
        return self.as_stored(now() - LEASE)

    def claim_entry(self, entry_id: int) -> bool:
        """True for the one replica that takes this entry to fetch."""
        with self.engine.begin() as conn:
            taken = conn.execute(
                update(feed_entries)
                .where(feed_entries.c.id == entry_id, _claimable(self._stale()))
                .values(status="fetching", claimed_at=now())
            )
            return taken.rowcount == 1

    def claim_link(self, scope: Scope, link: str, entry_id: int) -> bool:
        """True when no other feed's entry has taken this link in this scope."""
        row = {
            "workspace": scope.workspace,
            "channel": scope.channel or "",
            "link_key": key_of(link),
            "entry_id": entry_id,
            "claimed_at": now(),
        }
        with self.engine.begin() as conn:
            if _insert(conn, feed_links, [row], ["workspace", "channel", "link_key"]) == 1:
                return True
            owner = conn.execute(
                select(feed_links.c.entry_id).where(
                    feed_links.c.workspace == row["workspace"],
                    feed_links.c.channel == row["channel"],
                    feed_links.c.link_key == row["link_key"],
                )
            ).scalar()
            return owner == entry_id  # this entry's own claim, taken over after a crash

    def finish_entry(
        self, entry_id: int, status: str, document_id: int | None, reason: str | None, **values
    ) -> None:
        """The entry's outcome; 'pending' (with `attempts`) puts it back for a later poll."""
        with self.engine.begin() as conn:
            conn.execute(
                update(feed_entries)
                .where(feed_entries.c.id == entry_id)
                .values(status=status, document_id=document_id, reason=reason, **values)
            )

    def entry_counts(self, feed_id: int) -> dict[str, int]:
        """How many of the feed's entries are in each status."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(feed_entries.c.status, func.count())
                .where(feed_entries.c.feed_id == feed_id)
                .group_by(feed_entries.c.status)
            )
            return {status: n for status, n in rows}
