"""The exactly-once digest run (handlers/digest_run.py), with a recording `post` in place of
Slack: each "replica" is its own Store on one real database; what was posted is what the
recorder saw, what was decided is what the `digest_runs` row says."""

from __future__ import annotations

import datetime as dt
import threading
from zoneinfo import ZoneInfo

from handlers import digest_run
from handlers.digest_run import Delivery, Schedule
from store import Store
from tests.slack_wire import DESK_BRIEF, index

CHANNEL = "C0RUN"
PLAN = Schedule(CHANNEL, "local", dt.time(0, 0), ZoneInfo("UTC"))  # due all day


class Recorder:
    """A transport that posts by writing down: the top-level message gets a ts (reported
    through `on_ts`), then the details; `fail_after_top` stops before the details."""

    def __init__(self, fail_after_top: bool = False) -> None:
        self.posted: list[tuple[str, dt.date, str | None]] = []
        self.fail_after_top = fail_after_top
        self.lock = threading.Lock()

    def __call__(self, channel, day, found, done: Delivery, on_ts) -> None:
        with self.lock:
            self.posted.append((channel, day, done.ts))  # the ts it resumes after, if any
        done.attempts += 1
        if done.ts is None:
            done.ts = f"{len(self.posted)}.000100"
            on_ts(done.ts)
        if self.fail_after_top:
            done.errors.append(f"attempt {done.attempts}: internal_error")
            return
        done.details = True


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5)


def test_two_replicas_at_once_post_the_day_once(db_url: str, store: Store) -> None:
    index(store, "brief.txt", DESK_BRIEF)
    replicas = [Store(db_url), Store(db_url)]
    post, results, start = Recorder(), [], threading.Barrier(2)

    def tick(replica: Store) -> None:
        start.wait()
        results.extend(digest_run.tick(replica, [PLAN], now(), post))

    threads = [threading.Thread(target=tick, args=(r,)) for r in replicas]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    today = now().date()
    assert results == [(CHANNEL, today, "posted")]
    assert post.posted == [(CHANNEL, today, None)]
    (row,) = store.digests.runs(CHANNEL)
    assert (row.status, row.ts, row.attempts, row.error) == ("posted", "1.000100", 1, None)
    assert [digest_run.tick(r, [PLAN], now(), post) for r in replicas] == [[], []]
    assert len(post.posted) == 1
    for replica in replicas:
        replica.close()


def test_a_stale_claim_is_taken_over_after_its_top_level_message(store: Store) -> None:
    index(store, "brief.txt", DESK_BRIEF)
    today = now().date()
    assert digest_run.claim(store, CHANNEL, today) == Delivery()  # won, then died mid-way
    store.digests.update_run(CHANNEL, today, ts="7.000700")
    post = Recorder()
    assert digest_run.tick(store, [PLAN], now(), post) == []  # a live claim: left alone
    old = dt.datetime.now(dt.UTC) - digest_run.LEASE - dt.timedelta(minutes=1)
    store.digests.update_run(CHANNEL, today, started_at=old)
    assert digest_run.tick(store, [PLAN], now(), post) == [(CHANNEL, today, "posted")]
    assert post.posted == [(CHANNEL, today, "7.000700")]  # resumed: no second top-level
    (row,) = store.digests.runs(CHANNEL)
    assert (row.status, row.ts) == ("posted", "7.000700")


def test_a_failed_run_records_its_ts_and_errors_and_is_not_run_again(store: Store) -> None:
    index(store, "brief.txt", DESK_BRIEF)
    post = Recorder(fail_after_top=True)
    today = now().date()
    assert digest_run.tick(store, [PLAN], now(), post) == [(CHANNEL, today, "failed")]
    (row,) = store.digests.runs(CHANNEL)
    assert (row.status, row.ts, row.attempts) == ("failed", "1.000100", 1)
    assert row.error == "attempt 1: internal_error"
    assert digest_run.tick(store, [PLAN], now(), post, catch_up=True) == []
    assert len(post.posted) == 1


def test_a_quiet_day_skipped_posts_nothing_and_says_quiet(store: Store) -> None:
    post = Recorder()
    today = now().date()
    assert digest_run.tick(store, [PLAN], now(), post, skip_quiet=True) == [
        (CHANNEL, today, "quiet")
    ]
    assert post.posted == []
    assert store.digests.runs(CHANNEL)[0].status == "quiet"


def test_nothing_is_due_before_the_time_and_yesterday_is_caught_up(store: Store) -> None:
    late = Schedule(CHANNEL, "local", dt.time(23, 59), ZoneInfo("UTC"))
    morning = dt.datetime(2025, 1, 10, 8, 0, tzinfo=dt.UTC)
    assert digest_run.due_date(store, late, morning, catch_up=True) is None  # never ran here
    assert digest_run.claim(store, CHANNEL, dt.date(2025, 1, 8)) is not None
    assert digest_run.due_date(store, late, morning, catch_up=False) is None
    assert digest_run.due_date(store, late, morning, catch_up=True) == dt.date(2025, 1, 9)
