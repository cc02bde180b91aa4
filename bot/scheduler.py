"""The daily digest's clock and its Slack calls: APScheduler ticks a minute on every replica;
what is due, who posts it and what is recorded is decided in handlers/digest_run.py, which
posts through `DigestScheduler.post` (the messages, the chart, retries with backoff).
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
from handlers import digest_run
from handlers.answers import Digest
from handlers.digest_run import LEASE, Delivery, Schedule
from store import Store, StoreError

log = logging.getLogger("factdesk.digest")

CHANNEL_ENV = "FACTDESK_DIGEST_CHANNEL"  # one channel id, or several separated by commas
TIME_ENV = "FACTDESK_DIGEST_TIME"  # HH:MM, local
TIMEZONE_ENV = "FACTDESK_TIMEZONE"  # IANA name
QUIET_ENV = "FACTDESK_DIGEST_QUIET"  # line | skip
DEFAULT_TIME, DEFAULT_TIMEZONE = "09:00", "UTC"
TICK_SECONDS = 60
# The slowest live run, ATTEMPTS tries of at most five Slack calls, each up to WebClient's
# 30 s timeout, plus backoff, takes about 4 minutes: well within digest_run.LEASE.
ATTEMPTS, BACKOFF_SECONDS = 3, 5.0
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


def schedules(store: Store, workspace: str, environ: Mapping[str, str]) -> list[Schedule]:
    """Channels set from Slack (on or off) win over the environment's."""
    stored = {s.channel: s for s in store.digest_settings.all()}
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
        plans = schedules(self.store, self.workspace, self.environ)
        skip = (self.environ.get(QUIET_ENV) or "line") == "skip"
        return digest_run.tick(
            self.store, plans, self.clock(), self.post, catch_up, self.lease, skip
        )

    def post(self, channel: str, day: dt.date, found: Digest, done: Delivery, on_ts) -> Delivery:
        """`deliver` until it succeeds or ATTEMPTS are spent, waiting longer each time."""
        while done.attempts < self.attempts:
            done.attempts += 1
            try:
                deliver(self.client, channel, found, done, on_ts)
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
