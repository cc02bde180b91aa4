"""The daily digest, run exactly once per channel and local day, however many replicas run.

On each tick, for each configured channel whose local digest time has passed, every replica
tries to INSERT the (channel, local date) row of `digest_runs`; the unique constraint lets
exactly one win, and only the winner posts, through the `post` callable its transport
gives. The outcome, the message ts and the attempts are recorded in that row.

A replica that dies after winning leaves its row 'posting'. Once that claim is older than
LEASE, another replica's tick (or its catch-up at start) takes the row over with an UPDATE
that only one replica can match, and posts, after the top-level message if its ts was
recorded. A 'posted', 'quiet' or 'failed' row is never taken over.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol
from zoneinfo import ZoneInfo

from handlers.answers import Digest
from handlers.digest import digest
from store import Scope, Store

log = logging.getLogger("factdesk.digest")

# A 'posting' claim older than this is a dead replica's, and another may take it over. It
# must outlast the slowest live run (a transport's retries with their timeouts and
# backoff), or two replicas could both post.
LEASE = dt.timedelta(minutes=10)


@dataclass(frozen=True)
class Schedule:
    channel: str
    workspace: str
    at: dt.time
    zone: ZoneInfo


@dataclass
class Delivery:
    """What has reached the channel so far; a retry resumes after the last step that
    succeeded (the top-level message's ts, its details, its chart)."""

    ts: str | None = None
    details: bool = False
    chart: bool = False
    attempts: int = 0
    errors: list[str] = field(default_factory=list)


class Post(Protocol):
    """The transport's side: post `found` to `channel`, filling in `done` (resuming after
    what it already says), and call `on_ts` with the top-level message's ts once posted."""

    def __call__(
        self,
        channel: str,
        day: dt.date,
        found: Digest,
        done: Delivery,
        on_ts: Callable[[str], None],
    ) -> object: ...


def due_date(store: Store, plan: Schedule, now: dt.datetime, catch_up: bool) -> dt.date | None:
    """Today once its time has passed; on start (catch-up), yesterday's when it was missed."""
    local = now.astimezone(plan.zone)
    if local.time() >= plan.at:
        return local.date()
    if catch_up and store.digests.runs(plan.channel):
        return local.date() - dt.timedelta(days=1)
    return None


def claim(store: Store, channel: str, day: dt.date, lease: dt.timedelta = LEASE) -> Delivery | None:
    """A new Delivery when this replica wins the day's row; when it takes over a stale
    'posting' row instead, one that resumes after the top-level message if that was
    posted; None when the row is finished or a live replica holds it."""
    if store.digests.claim_run(channel, day):
        return Delivery()
    stale = store.digests.take_over_run(channel, day, lease)
    if stale is None:
        return None
    log.warning("digest for %s (%s): taking over a claim older than %s", channel, day, lease)
    return Delivery(ts=stale.ts)


def run(
    store: Store,
    plan: Schedule,
    day: dt.date,
    now: dt.datetime,
    done: Delivery,
    post: Post,
    skip_quiet: bool = False,
) -> str:
    """Build and post the digest for a row this replica holds; record the outcome."""
    previous = store.digests.last_posted(plan.channel, day)
    since = previous.started_at if previous else now - dt.timedelta(days=1)
    found = digest(store, Scope(plan.workspace, plan.channel), since, now)
    if found.quiet and skip_quiet and done.ts is None:
        store.digests.update_run(plan.channel, day, status="quiet")
        return "quiet"

    def record_ts(ts: str) -> None:
        store.digests.update_run(plan.channel, day, ts=ts)

    post(plan.channel, day, found, done, record_ts)
    return record_outcome(store, plan.channel, day, found, done)


def record_outcome(store: Store, channel: str, day: dt.date, found: Digest, done: Delivery) -> str:
    """'posted' once the top-level message and its details (or the quiet line) went out,
    else 'failed'; written to the day's row with the ts, the attempts and the errors."""
    status = "posted" if done.ts and (done.details or found.quiet) else "failed"
    error = "; ".join(done.errors) or None
    store.digests.update_run(
        channel, day, status=status, ts=done.ts, attempts=done.attempts, error=error
    )
    return status


def tick(
    store: Store,
    plans: Iterable[Schedule],
    now: dt.datetime,
    post: Post,
    catch_up: bool = False,
    lease: dt.timedelta = LEASE,
    skip_quiet: bool = False,
) -> list[tuple[str, dt.date, str]]:
    """Post what is due and not claimed by a live replica; (channel, date, status) each."""
    done = []
    for plan in plans:
        day = due_date(store, plan, now, catch_up)
        delivery = claim(store, plan.channel, day, lease) if day is not None else None
        if delivery is not None:
            status = run(store, plan, day, now, delivery, post, skip_quiet)
            done.append((plan.channel, day, status))
    return done
