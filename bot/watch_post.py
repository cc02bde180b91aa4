"""Posting watch alerts: one thread per watch (its first alert opens it), one reply per document."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.render import digest as digest_render
from handlers import watch
from handlers.answers import WatchAlert
from store import Store
from store import watches as watch_store

log = logging.getLogger("factdesk.watch")


def post_alerts(store: Store, client: WebClient, alerts: Sequence[WatchAlert]) -> int:
    """Post each alert in its watch's thread; the number posted."""
    threads = watch_store.watch_threads(store.engine, {a.watch_id for a in alerts})
    posted = 0
    for alert in alerts:
        try:
            if not threads.get(alert.watch_id):
                head = digest_render.watch_head(alert).as_kwargs()
                ts = client.chat_postMessage(channel=alert.channel, **head)["ts"]
                threads[alert.watch_id] = watch_store.set_watch_thread(
                    store.engine, alert.watch_id, ts
                )
            reply = digest_render.watch_alert(alert).as_kwargs()
            client.chat_postMessage(
                channel=alert.channel, thread_ts=threads[alert.watch_id], **reply
            )
            posted += 1
        except (SlackApiError, SlackClientError, OSError) as exc:
            log.warning("watch %s: could not post an alert: %s", alert.watch_id, exc)
    return posted


def notify(store: Store, client: WebClient | None, workspace: str, document_ids) -> int:
    """After indexing: find the alerts for these documents and post them (with a client)."""
    if client is None or not document_ids:
        return 0
    return post_alerts(store, client, watch.new_documents(store, workspace, list(document_ids)))
