"""Feeds polled by every replica's scheduler (bot/scheduler.py): due feeds, once each.

Each tick polls the feeds whose next poll is due; the database lets one replica take each
feed and each entry (store/feeds.py). What was indexed fires the watches, as files do.
"""

from __future__ import annotations

import datetime as dt
import logging

from slack_sdk import WebClient

from bot.slack import alerts
from handlers import feeds
from store import Store, StoreError

log = logging.getLogger("factdesk.feeds")
TICK_SECONDS = 60  # how often a replica looks for due feeds


def poll_due(store: Store, client: WebClient | None, now: dt.datetime) -> list[feeds.PollResult]:
    """Poll what is due now; post the watch alerts for what it indexed."""
    results = feeds.poll(store, now)
    for result in results:
        log.log(logging.INFO if result.ok else logging.WARNING, "feed %s", result.line)
        alerts.notify(store, client, result.workspace, result.document_ids)
    return results


def safe_poll(store: Store, client: WebClient | None) -> None:
    try:
        poll_due(store, client, dt.datetime.now(dt.UTC))
    except StoreError as exc:
        log.warning("feed poll skipped: %s", exc)
