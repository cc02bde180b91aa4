"""RSS and Atom feeds: follow a feed, poll it, fetch and index each new entry once.

A poll GETs the feed conditionally (ETag, Last-Modified), records the entries it has not
seen as pending, then fetches and indexes at most ENTRIES_PER_POLL pending entries; the
rest wait for the next poll, which comes at once (the next scheduler tick) while some are
left. Which replica fetches an entry is decided in the database (store/feeds.py).
"""

from __future__ import annotations

import datetime as dt
import os
from contextlib import nullcontext
from dataclasses import dataclass
from urllib.parse import urljoin

from handlers.fetch import Fetched, Fetcher, FetchError
from handlers.links import ingest_url
from store import Scope, Store
from store.feeds import EntryRow, FeedRow, NewEntry

INTERVAL_ENV = "FACTDESK_FEED_INTERVAL"  # minutes between polls of one feed
DEFAULT_INTERVAL_MINUTES = 15.0
ENTRIES_PER_POLL = 50  # entries fetched and indexed by one poll of one feed, at most
ATTEMPTS = 3  # fetches of one entry, when it fails for a reason that may pass
_STATUS = {"added": "indexed", "updated": "indexed", "unchanged": "unchanged"}


class FeedError(Exception):
    """A feed that could not be read; str() is the reason for a person."""


def interval() -> dt.timedelta:
    raw = os.environ.get(INTERVAL_ENV, "").strip()
    try:
        minutes = float(raw) if raw else DEFAULT_INTERVAL_MINUTES
    except ValueError:
        minutes = DEFAULT_INTERVAL_MINUTES
    return dt.timedelta(minutes=max(minutes, 0.0))


@dataclass(frozen=True)
class PollResult:
    feed_id: int
    url: str
    workspace: str
    line: str  # what happened, one line
    ok: bool = True
    new: int = 0
    indexed: int = 0
    failed: int = 0
    pending: int = 0
    unchanged: int = 0  # entries already indexed (by another route, or unchanged)
    document_ids: tuple[int, ...] = ()


def parse_feed(fetched: Fetched) -> tuple[str | None, list[NewEntry]]:
    """The feed's title and entries (those with a link), in the feed's order."""
    import feedparser  # only when a feed is read: a one-shot claim never needs it

    parsed = feedparser.parse(
        fetched.body,
        response_headers={"content-location": fetched.url, "content-type": fetched.content_type},
    )
    if not parsed.version:
        raise FeedError("not an RSS or Atom feed")
    entries = []
    for entry in parsed.entries:
        given = (entry.get("link") or "").strip()
        link = urljoin(fetched.url, given) if given else ""
        if link.startswith(("http://", "https://")):
            entries.append(NewEntry(entry.get("id") or link, link, entry.get("title")))
    if parsed.bozo and not entries:  # a feed broken before its first whole entry
        cause = str(parsed.get("bozo_exception", "")).splitlines()[:1]
        raise FeedError(f"malformed feed ({cause[0][:100] if cause else 'unreadable'})")
    return parsed.feed.get("title"), entries


def read_feed(fetcher: Fetcher, feed_url: str, etag=None, modified=None):
    """(fetched, title, entries); entries None when the server says nothing changed (304)."""
    try:
        fetched = fetcher.get(feed_url, etag, modified)
    except FetchError as exc:
        raise FeedError(str(exc)) from exc
    if fetched.status == 304:
        return fetched, None, None
    title, entries = parse_feed(fetched)
    return fetched, title, entries


def _client(fetcher: Fetcher | None):
    """The caller's fetcher, left open; or a new one, closed after use."""
    return nullcontext(fetcher) if fetcher is not None else Fetcher()


def add(store: Store, scope: Scope, fenced: bool, url: str, fetcher: Fetcher | None = None) -> str:
    """feed add URL – follow an RSS or Atom feed: its entries are indexed as they appear"""
    url = url.strip().strip("<>")
    if not url:
        return "Usage: feed add URL (an RSS or Atom feed)"
    with _client(fetcher) as client:
        try:
            fetched, title, entries = read_feed(client, url)
        except FeedError as exc:
            return f"Could not add {url}: {exc}."
    channel = scope.channel or ""
    row = store.feeds.add(scope.workspace, channel, fenced, url)
    if row.title is not None or row.status is not None:
        return f"Feed {row.id} already follows {url}."
    store.feeds.add_entries(row.id, entries)
    _record(store, row.id, fetched, title, f"added: {len(entries)} entries")
    where = "in this channel only" if fenced else "workspace-wide"
    return (
        f"Feed {row.id}: “{title or url}”, {len(entries)} entries; they are indexed {where}, "
        f"and new ones every {interval().total_seconds() / 60:g} minutes."
    )


def _record(
    store: Store, feed_id: int, fetched: Fetched | None, title: str | None, line: str
) -> None:
    values: dict = {}
    if fetched is not None:
        values = {"etag": fetched.etag, "last_modified": fetched.last_modified}
        values["fetched_at"] = dt.datetime.now(dt.UTC)
    if title:
        values["title"] = title
    store.feeds.record_poll(feed_id, line, **values)


def listing(store: Store, workspace: str, channel: str | None = None) -> str:
    """feeds – the feeds this channel follows"""
    rows = store.feeds.all(workspace, channel)
    if not rows:
        return "No feeds followed here. Add one: feed add URL"
    return "\n".join(_line(r) for r in rows)


def _line(row: FeedRow) -> str:
    where = f"fenced to {row.channel}" if row.fenced else "workspace-wide"
    waiting = f", {row.pending} waiting" if row.pending else ""
    status = f"; last poll: {row.status}" if row.status else ""
    return (
        f"{row.id}. {row.title or row.url} <{row.url}> ({where}): "
        f"{row.indexed} indexed{waiting}{status}"
    )


def remove(store: Store, workspace: str, channel: str | None, text: str) -> str:
    """feed remove N – stop following feed N (what it indexed stays)"""
    if not text.strip().isdigit():
        return "Usage: feed remove N (see feeds)"
    feed_id = int(text.strip())
    if store.feeds.remove(workspace, channel, feed_id):
        return f"Feed {feed_id} removed; what it indexed stays indexed."
    return f"No feed {feed_id} here (see feeds)."


def poll(
    store: Store, now: dt.datetime, force: bool = False, fetcher: Fetcher | None = None
) -> list[PollResult]:
    """Poll the feeds that are due (every feed with `force`), each by one replica."""
    every = interval()
    chosen = store.feeds.all() if force else store.feeds.due(now)
    with _client(fetcher) as client:
        return [
            poll_feed(store, feed, client, read=force or _read_due(feed, now, every))
            for feed in chosen
            if force or store.feeds.claim_poll(feed.id, now, every)
        ]


def _read_due(feed: FeedRow, now: dt.datetime, every: dt.timedelta) -> bool:
    """Whether the feed itself is read again; a poll that comes early only to work off
    waiting entries does not read it (a 10,000-entry feed takes seconds to parse)."""
    return feed.fetched_at is None or now - feed.fetched_at >= every


def poll_feed(store: Store, feed: FeedRow, fetcher: Fetcher, read: bool = True) -> PollResult:
    """Read the feed (unless `read` is False), record its new entries, fetch and index up
    to ENTRIES_PER_POLL waiting entries."""
    try:
        fetched, title, entries = _read(fetcher, feed, read)
    except FeedError as exc:
        store.feeds.record_poll(feed.id, f"failed: {exc}")
        return PollResult(feed.id, feed.url, feed.workspace, f"{feed.url}: {exc}", ok=False)
    new = store.feeds.add_entries(feed.id, entries) if entries else 0
    done = [_index_entry(store, feed, e, fetcher) for e in _pending(store, feed)]
    ids = tuple(d for status, d in done if status == "indexed" and d)
    failed = sum(status == "failed" for status, _ in done)
    same = sum(status in ("unchanged", "shared") for status, _ in done)
    retry = sum(status == "retry" for status, _ in done)
    left = store.feeds.entry_counts(feed.id).get("pending", 0)
    line = f"{new} new, {len(ids)} indexed, {failed} failed, {left} waiting"
    line += f", {same} already indexed" if same else ""
    line += f" ({retry} to try again)" if retry else ""
    _record(store, feed.id, fetched, title, line)
    if left:
        store.feeds.record_poll(feed.id, line, due_at=dt.datetime.now(dt.UTC))
    shown = "not modified" if fetched and fetched.status == 304 and not done else line
    counts = {"new": new, "indexed": len(ids), "failed": failed, "pending": left, "unchanged": same}
    return PollResult(
        feed.id, feed.url, feed.workspace, f"{feed.url}: {shown}", document_ids=ids, **counts
    )


def _read(fetcher: Fetcher, feed: FeedRow, read: bool):
    if not read:
        return None, None, None
    return read_feed(fetcher, feed.url, feed.etag, feed.last_modified)


def _pending(store: Store, feed: FeedRow) -> list[EntryRow]:
    return store.feeds.pending_entries(feed.id, ENTRIES_PER_POLL)


def _index_entry(
    store: Store, feed: FeedRow, entry: EntryRow, fetcher: Fetcher
) -> tuple[str, int | None]:
    """(status, document id) for an entry this replica claims; ('taken', None) otherwise."""
    if not store.feeds.claim_entry(entry.id):
        return "taken", None
    if not store.feeds.claim_link(feed.scope, entry.link, entry.id):
        store.feeds.finish_entry(entry.id, "shared", None, "in another feed")
        return "shared", None
    outcome = ingest_url(store, entry.link, feed.scope, fetcher)
    if outcome.retry and entry.attempts + 1 < ATTEMPTS:
        tries = {"attempts": entry.attempts + 1}
        store.feeds.finish_entry(entry.id, "pending", None, outcome.reason, **tries)
        return "retry", None
    status = _STATUS.get(outcome.status, "failed")
    store.feeds.finish_entry(entry.id, status, outcome.document_id, outcome.reason)
    return status, outcome.document_id
