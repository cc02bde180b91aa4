"""The daily digest, posted exactly once per channel and local day, however many replicas run.

Every replica runs this scheduler (APScheduler, a tick a minute). On each tick, for each
configured channel whose local digest time has passed, every replica tries to INSERT the
(channel, local date) row of `digest_runs`; the unique constraint lets exactly one win,
and only the winner posts. A failed post is retried with backoff, a bounded number of
times, step by step (a top-level message already posted is never posted again); the
outcome, the message ts and the attempts are recorded in that row.

A replica that dies after winning leaves its row 'posting'. Once that claim is older than
LEASE, another replica's tick (or its catch-up at start) takes the row over with an UPDATE
that only one replica can match, and posts, after the top-level message if its ts was
recorded. A 'posted', 'quiet' or 'failed' row is never taken over.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot import feed_poll
from bot.render import digest as digest_render
from bot.render.chart import figures_chart
from bot.settings import SettingsError
from handlers.answers import Digest
from handlers.digest import digest
from store import Scope, Store, StoreError
from store import digest as runs_store

log = logging.getLogger("factdesk.digest")

CHANNEL_ENV = "FACTDESK_DIGEST_CHANNEL"  # one channel id, or several separated by commas
TIME_ENV = "FACTDESK_DIGEST_TIME"  # HH:MM, local
TIMEZONE_ENV = "FACTDESK_TIMEZONE"  # IANA name
QUIET_ENV = "FACTDESK_DIGEST_QUIET"  # line | skip
DEFAULT_TIME, DEFAULT_TIMEZONE = "09:00", "UTC"
TICK_SECONDS = 60
ATTEMPTS, BACKOFF_SECONDS = 3, 5.0
# A 'posting' claim older than this is a dead replica's, and another may take it over. It
# must outlast the slowest live run: ATTEMPTS tries of at most five Slack calls, each up to
# WebClient's 30 s timeout, plus backoff (about 4 minutes), or two replicas could both post.
LEASE = dt.timedelta(minutes=10)
FAILURES = (SlackApiError, SlackClientError, OSError)


def parse_time(text: str) -> dt.time:
    try:
        hours, minutes = text.strip().split(":")
        return dt.time(int(hours), int(minutes))
    except ValueError as exc:
        raise SettingsError(f"digest time {text!r} is not HH:MM (e.g. 09:00)") from exc


def parse_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise SettingsError(f"unknown timezone {name!r} (an IANA name, e.g. Europe/Kyiv)") from exc


@dataclass(frozen=True)
class Schedule:
    channel: str
    workspace: str
    at: dt.time
    zone: ZoneInfo


def schedules(store: Store, workspace: str, environ: Mapping[str, str]) -> list[Schedule]:
    """Channels set from Slack (on or off) win over the environment's."""
    stored = {s.channel: s for s in runs_store.digest_settings_all(store.engine)}
    found = [
        Schedule(s.channel, s.workspace, parse_time(s.time), parse_zone(s.timezone))
        for s in stored.values()
        if s.enabled
    ]
    at = parse_time(environ.get(TIME_ENV) or DEFAULT_TIME)
    zone = parse_zone(environ.get(TIMEZONE_ENV) or DEFAULT_TIMEZONE)
    for channel in (environ.get(CHANNEL_ENV) or "").split(","):
        if channel.strip() and channel.strip() not in stored:
            found.append(Schedule(channel.strip(), workspace, at, zone))
    return found


def due_date(store: Store, plan: Schedule, now: dt.datetime, catch_up: bool) -> dt.date | None:
    """Today once its time has passed; on start (catch-up), yesterday's when it was missed."""
    local = now.astimezone(plan.zone)
    if local.time() >= plan.at:
        return local.date()
    if catch_up and runs_store.runs(store.engine, plan.channel):
        return local.date() - dt.timedelta(days=1)
    return None


@dataclass
class Delivery:
    """What has reached Slack so far; a retry resumes after the last step that succeeded."""

    ts: str | None = None
    details: bool = False
    chart: bool = False
    attempts: int = 0
    errors: list[str] = field(default_factory=list)


def deliver(client: WebClient, channel: str, found: Digest, done: Delivery, on_ts=None) -> None:
    """Top-level summary, details in its thread, then the chart; skipping steps done."""
    if found.quiet:
        if done.ts is None:
            done.ts = client.chat_postMessage(
                channel=channel, **digest_render.quiet_message(found).as_kwargs()
            )["ts"]
        return
    if done.ts is None:
        top = digest_render.top_message(found).as_kwargs()
        done.ts = client.chat_postMessage(channel=channel, **top)["ts"]
        if on_ts:
            on_ts(done.ts)
    if not done.details:
        details = digest_render.detail_message(found).as_kwargs()
        client.chat_postMessage(channel=channel, thread_ts=done.ts, **details)
        done.details = True
    if not done.chart and found.disagreements:
        client.files_upload_v2(
            channel=channel,
            thread_ts=done.ts,
            file=figures_chart(found.disagreements),
            filename="figures-in-dispute.png",
            title="Figures in dispute, per source",
        )
        done.chart = True


@dataclass
class DigestScheduler:
    store: Store
    client: WebClient
    workspace: str = "local"
    clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)
    sleep: Callable[[float], None] = time.sleep
    environ: Mapping[str, str] = field(default_factory=lambda: os.environ)
    attempts: int = ATTEMPTS
    backoff: float = BACKOFF_SECONDS
    lease: dt.timedelta = LEASE
    _scheduler: object = None

    def tick(self, catch_up: bool = False) -> list[tuple[str, dt.date, str]]:
        """Post what is due and not claimed by a live replica; (channel, date, status) each."""
        now, done = self.clock(), []
        for plan in schedules(self.store, self.workspace, self.environ):
            day = due_date(self.store, plan, now, catch_up)
            delivery = self.claim(plan.channel, day) if day is not None else None
            if delivery is not None:
                done.append((plan.channel, day, self.run(plan, day, now, delivery)))
        return done

    def claim(self, channel: str, day: dt.date) -> Delivery | None:
        """A new Delivery when this replica wins the day's row; when it takes over a stale
        'posting' row instead, one that resumes after the top-level message if that was
        posted; None when the row is finished or a live replica holds it."""
        if runs_store.claim_run(self.store.engine, channel, day):
            return Delivery()
        stale = runs_store.take_over_run(self.store.engine, channel, day, self.lease)
        if stale is None:
            return None
        log.warning(
            "digest for %s (%s): taking over a claim older than %s", channel, day, self.lease
        )
        return Delivery(ts=stale.ts)

    def run(self, plan: Schedule, day: dt.date, now: dt.datetime, done: Delivery) -> str:
        """Build and post the digest for a row this replica holds; record the outcome."""
        previous = runs_store.last_posted(self.store.engine, plan.channel, day)
        since = previous.started_at if previous else now - dt.timedelta(days=1)
        found = digest(self.store, Scope(plan.workspace, plan.channel), since, now)
        skip = (self.environ.get(QUIET_ENV) or "line") == "skip"
        if found.quiet and skip and done.ts is None:
            runs_store.update_run(self.store.engine, plan.channel, day, status="quiet")
            return "quiet"
        self.post(plan.channel, day, found, done)
        status = "posted" if done.ts and (done.details or found.quiet) else "failed"
        error = "; ".join(done.errors) or None
        runs_store.update_run(
            self.store.engine,
            plan.channel,
            day,
            status=status,
            ts=done.ts,
            attempts=done.attempts,
            error=error,
        )
        return status

    def post(self, channel: str, day: dt.date, found: Digest, done: Delivery) -> Delivery:
        def record_ts(ts: str) -> None:
            runs_store.update_run(self.store.engine, channel, day, ts=ts)

        while done.attempts < self.attempts:
            done.attempts += 1
            try:
                deliver(self.client, channel, found, done, record_ts)
                return done
            except FAILURES as exc:
                reason = getattr(exc, "response", None)
                code = reason.get("error") if reason is not None else str(exc)
                done.errors.append(f"attempt {done.attempts}: {code}")
                log.warning(
                    "digest for %s (%s), attempt %d failed: %s", channel, day, done.attempts, code
                )
                if done.attempts < self.attempts:
                    self.sleep(self.backoff * 2 ** (done.attempts - 1))
        return done

    def safe_tick(self, catch_up: bool = False) -> None:
        try:
            self.tick(catch_up)
        except (StoreError, SettingsError) as exc:
            log.warning("digest tick skipped: %s", exc)

    def start(self) -> DigestScheduler:
        """Catch up at once, then tick every minute, in a background thread; due feeds are
        polled every minute too (bot/feed_poll.py)."""
        from apscheduler.schedulers.background import BackgroundScheduler

        scheduler = BackgroundScheduler(timezone=dt.UTC)
        # The catch-up runs in a thread of its own, not as a one-off ("date") job: stopping
        # APScheduler while it retires a one-off job raises JobLookupError in its thread
        # (a traceback on Ctrl-C right after start).
        catch_up = threading.Thread(
            target=self.safe_tick, kwargs={"catch_up": True}, name="digest-catch-up", daemon=True
        )
        scheduler.add_job(
            self.safe_tick,
            "interval",
            seconds=TICK_SECONDS,
            id="digest",
            coalesce=True,
            max_instances=1,
        )
        scheduler.add_job(
            feed_poll.safe_poll,
            "interval",
            args=(self.store, self.client),
            seconds=feed_poll.TICK_SECONDS,
            id="feeds",
            coalesce=True,
            max_instances=1,
        )
        scheduler.start()
        catch_up.start()
        self._scheduler = scheduler
        return self

    def stop(self) -> None:
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None


def start_digests(store: Store, client: WebClient, workspace: str) -> DigestScheduler:
    """What every Slack run path calls: this replica's scheduler, running."""
    return DigestScheduler(store, client, workspace).start()
