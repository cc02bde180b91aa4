"""Watch alerts into their threads: one thread per watch (its first alert opens it, and the
store keeps its ts), one reply per document. The transport posts, through a `Poster`."""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Sequence
from typing import Protocol

from handlers import watch
from handlers.answers import WatchAlert
from handlers.ingest import FileOutcome, new_document_ids
from store import Store

log = logging.getLogger("factdesk.watch")


class PostFailed(Exception):
    """The transport could not post an alert; the message says why."""


class Poster(Protocol):
    def head(self, alert: WatchAlert) -> str:
        """Open the thread of `alert`'s watch; the thread's ts. Raises PostFailed."""
        ...

    def reply(self, alert: WatchAlert, thread_ts: str) -> None:
        """Post `alert` in its watch's thread. Raises PostFailed."""
        ...


def post_alerts(store: Store, poster: Poster, alerts: Sequence[WatchAlert]) -> int:
    """Post each alert in its watch's thread; the number posted."""
    threads = store.watches.threads({a.watch_id for a in alerts})
    posted = 0
    for alert in alerts:
        try:
            if not threads.get(alert.watch_id):
                ts = poster.head(alert)
                threads[alert.watch_id] = store.watches.set_thread(alert.watch_id, ts)
            poster.reply(alert, threads[alert.watch_id])
            posted += 1
        except PostFailed as exc:
            log.warning("watch %s: could not post an alert: %s", alert.watch_id, exc)
    return posted


def notify(
    store: Store, poster: Poster | None, workspace: str, document_ids: Collection[int]
) -> int:
    """After indexing: find the alerts for these documents and post them (with a poster)."""
    if poster is None or not document_ids:
        return 0
    return post_alerts(store, poster, watch.new_documents(store, workspace, list(document_ids)))


def after_index(
    store: Store,
    poster: Callable[[], Poster | None],
    workspace: str,
    outcomes: Sequence[FileOutcome],
) -> int:
    """After `factdesk index`: the alerts for the documents it added or changed, posted when
    `poster()` gives one (it is asked only when there are such documents)."""
    ids = new_document_ids(outcomes)
    return notify(store, poster(), workspace, ids) if ids else 0
