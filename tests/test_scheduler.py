"""The daily digest posted exactly once per channel and day, across replicas and restarts.

Each "replica" is its own Store (own engine, own connections) on one database, with its
own scheduler; the clock is injected and nothing sleeps.
"""

from __future__ import annotations

import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest
from slack_sdk import WebClient

from bot.scheduler import (
    CHANNEL_ENV,
    LEASE,
    QUIET_ENV,
    TIME_ENV,
    TIMEZONE_ENV,
    DigestScheduler,
    schedules,
)
from bot.slack.commands import reply
from store import Scope, Store
from tests.fake_slack import BOT_TOKEN, FakeSlack, Reply
from tests.slack_wire import DESK_BRIEF, index

CHANNEL = "C0DIGEST"
KYIV = dt.timezone(dt.timedelta(hours=2))  # Europe/Kyiv in winter


def replica(url: str, fake: FakeSlack, clock, **environ) -> DigestScheduler:
    env = {CHANNEL_ENV: CHANNEL, TIME_ENV: "09:00", TIMEZONE_ENV: "Europe/Kyiv", **environ}
    client = WebClient(token=BOT_TOKEN, base_url=fake.url + "api/")
    delays: list[float] = []
    scheduler = DigestScheduler(
        Store(url), client, clock=clock, environ=env, sleep=delays.append, backoff=1.0
    )
    scheduler.delays = delays  # type: ignore[attr-defined]
    return scheduler


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2025, 1, day, hour, minute, tzinfo=KYIV)


def top_level(fake: FakeSlack) -> list:
    return [c for c in fake.find("chat.postMessage") if not c.data.get("thread_ts")]


def in_thread(fake: FakeSlack) -> list:
    return [c for c in fake.find("chat.postMessage") if c.data.get("thread_ts")]


def soon() -> dt.datetime:
    """A clock just ahead of the documents indexed, for a digest that has something in it."""
    return dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5)


def kyiv_today() -> dt.date:
    return soon().astimezone(ZoneInfo("Europe/Kyiv")).date()


def died(store: Store, day: dt.date, ago: dt.timedelta, ts: str | None = None) -> None:
    """A replica won `day`'s row `ago`, posted the top-level message `ts` (or nothing), and
    died before recording the outcome: the row stays 'posting'."""
    assert store.digests.claim_run(CHANNEL, day)
    started = dt.datetime.now(dt.UTC) - ago
    store.digests.update_run(CHANNEL, day, started_at=started, ts=ts)


def tick_at_once(replicas: list[DigestScheduler], catch_up: bool = False) -> list:
    """Every replica ticks in its own thread at the same moment; what they posted, together."""
    results: list = []
    threads = [
        threading.Thread(target=lambda r=r: results.extend(r.tick(catch_up))) for r in replicas
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_replicas_post_a_digest_exactly_once(db_url: str, store: Store, fake_slack) -> None:
    index(store, "brief.txt", DESK_BRIEF)
    index(store, "other.txt", "Kursk update\n\nOfficials said 8,000 North Korean troops arrived.")
    now = lambda: dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5)  # noqa: E731
    replicas = [replica(db_url, fake_slack, now, **{TIME_ENV: "00:00"}) for _ in range(2)]
    results: list = []
    threads = [threading.Thread(target=lambda r=r: results.append(r.tick())) for r in replicas]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(len(r) for r in results) == [0, 1]
    for r in replicas:
        assert r.tick() == []  # later ticks, same day: nothing
    (top,) = top_level(fake_slack)
    assert top.data["channel"] == CHANNEL and "digest" in top.text
    thread = [c for c in fake_slack.find("chat.postMessage") if c.data.get("thread_ts")]
    assert len(thread) == 1 and "Figures that disagree" in thread[0].shown()
    (run,) = store.digests.runs(CHANNEL)
    assert run.status == "posted" and run.ts == thread[0].data["thread_ts"] and run.attempts == 1


def test_the_chart_goes_to_the_thread_with_files_upload_v2(
    db_url: str, store: Store, fake_slack
) -> None:
    index(store, "brief.txt", DESK_BRIEF)
    index(store, "other.txt", "Kursk update\n\nOfficials said 8,000 North Korean troops arrived.")
    now = lambda: dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5)  # noqa: E731
    replica(db_url, fake_slack, now, **{TIME_ENV: "00:00"}).tick()
    (get_url,) = fake_slack.find("files.getUploadURLExternal")
    (upload,) = fake_slack.find("/upload/")
    (complete,) = fake_slack.find("files.completeUploadExternal")
    assert get_url.data["filename"] == "figures-in-dispute.png"
    assert fake_slack.uploads[upload.path.removeprefix("/upload/")].startswith(b"\x89PNG")
    assert len(top_level(fake_slack)) == 1
    ts = store.digests.runs(CHANNEL)[0].ts
    assert complete.data["channel_id"] == CHANNEL and complete.data["thread_ts"] == ts


def test_nothing_before_the_digest_time(db_url: str, fake_slack) -> None:
    early = replica(db_url, fake_slack, lambda: at(10, 8, 59))
    assert early.tick() == [] and early.tick(catch_up=True) == []
    assert fake_slack.find("chat.postMessage") == []


def test_catch_up_after_a_missed_day_posts_it_once(db_url: str, store: Store, fake_slack) -> None:
    assert replica(db_url, fake_slack, lambda: at(8, 9, 30)).tick() == [
        (CHANNEL, dt.date(2025, 1, 8), "posted")
    ]
    # down all of the 9th; two replicas start on the 10th before 09:00
    first = replica(db_url, fake_slack, lambda: at(10, 7, 0))
    second = replica(db_url, fake_slack, lambda: at(10, 7, 1))
    assert first.tick(catch_up=True) == [(CHANNEL, dt.date(2025, 1, 9), "posted")]
    assert second.tick(catch_up=True) == []
    assert first.tick() == []  # a plain tick before 09:00 does not catch up
    later = replica(db_url, fake_slack, lambda: at(10, 9, 1))
    assert later.tick() == [(CHANNEL, dt.date(2025, 1, 10), "posted")]
    dates = [r.local_date.day for r in store.digests.runs(CHANNEL)]
    assert dates == [8, 9, 10] and len(top_level(fake_slack)) == 3


def test_quiet_day_is_one_line_or_nothing(db_url: str, store: Store, fake_slack) -> None:
    replica(db_url, fake_slack, lambda: at(10, 9, 0)).tick()
    (line,) = fake_slack.find("chat.postMessage")
    assert line.text.startswith("Quiet day")
    skip = replica(db_url, fake_slack, lambda: at(11, 9, 0), **{QUIET_ENV: "skip"})
    assert skip.tick() == [(CHANNEL, dt.date(2025, 1, 11), "quiet")]
    assert len(fake_slack.find("chat.postMessage")) == 1


def test_a_failed_post_is_retried_once_and_recorded(db_url: str, store: Store, fake_slack) -> None:
    fake_slack.script("chat.postMessage", Reply(body={"ok": False, "error": "internal_error"}))
    scheduler = replica(db_url, fake_slack, lambda: at(10, 9, 5))
    assert scheduler.tick() == [(CHANNEL, dt.date(2025, 1, 10), "posted")]
    (run,) = store.digests.runs(CHANNEL)
    assert run.status == "posted" and run.attempts == 2 and "internal_error" in run.error
    assert scheduler.delays == [1.0]
    assert len(fake_slack.find("chat.postMessage")) == 2  # the refused one, then the post


def test_a_retry_does_not_repeat_the_top_level_message(
    db_url: str, store: Store, fake_slack
) -> None:
    index(store, "brief.txt", DESK_BRIEF)
    fake_slack.script(
        "chat.postMessage",
        Reply(body={"ok": True, "channel": CHANNEL, "ts": "1700000000.000001"}),
        Reply(body={"ok": False, "error": "internal_error"}),
    )
    now = lambda: dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5)  # noqa: E731
    replica(db_url, fake_slack, now, **{TIME_ENV: "00:00"}).tick()
    assert len(top_level(fake_slack)) == 1
    (run,) = store.digests.runs(CHANNEL)
    assert run.status == "posted" and run.ts == "1700000000.000001" and run.attempts == 2


def test_a_post_that_keeps_failing_is_recorded_and_never_posted_twice(
    db_url: str, store: Store, fake_slack
) -> None:
    refused = Reply(body={"ok": False, "error": "channel_not_found"})
    fake_slack.script("chat.postMessage", refused, refused, refused)
    scheduler = replica(db_url, fake_slack, lambda: at(10, 9, 5))
    assert scheduler.tick() == [(CHANNEL, dt.date(2025, 1, 10), "failed")]
    assert scheduler.delays == [1.0, 2.0]
    (run,) = store.digests.runs(CHANNEL)
    assert run.status == "failed" and run.attempts == 3 and "channel_not_found" in run.error
    assert scheduler.tick() == [] and len(fake_slack.find("chat.postMessage")) == 3


@pytest.mark.parametrize("text", ["here 07:30 Europe/Kyiv", "here"])
def test_digest_settings_from_slack_win_over_the_environment(store: Store, text: str) -> None:
    env = {CHANNEL_ENV: "C0ENV", TIME_ENV: "09:00", TIMEZONE_ENV: "UTC"}
    said = reply(store, Scope("local", "C0ENV"), "digest", text).text
    assert "will be posted here" in said
    (plan,) = schedules(store, "local", env)
    assert plan.channel == "C0ENV"
    assert plan.at == (dt.time(7, 30) if "07:30" in text else dt.time(9, 0))
    reply(store, Scope("local", "C0ENV"), "digest", "off")
    assert schedules(store, "local", env) == []
    assert "Usage" in reply(store, Scope("local", "C0ENV"), "digest", "here 25:99").text


def test_a_row_left_posting_by_a_dead_replica_is_taken_over_and_posted_once(
    db_url: str, store: Store, fake_slack
) -> None:
    index(store, "brief.txt", DESK_BRIEF)
    day = kyiv_today()
    died(store, day, LEASE + dt.timedelta(minutes=1))
    replicas = [replica(db_url, fake_slack, soon, **{TIME_ENV: "00:00"}) for _ in range(2)]
    assert tick_at_once(replicas) == [(CHANNEL, day, "posted")]
    assert [r.tick() for r in replicas] == [[], []]  # posted: never again
    (top,) = top_level(fake_slack)
    assert top.data["channel"] == CHANNEL and "digest" in top.text
    (details,) = in_thread(fake_slack)
    assert "Kursk deployment widens" in details.shown()
    (run,) = store.digests.runs(CHANNEL)
    assert run.status == "posted" and run.ts == details.data["thread_ts"]
    assert run.started_at > dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)  # the new claim


def test_a_taken_over_row_resumes_after_its_top_level_message(
    db_url: str, store: Store, fake_slack
) -> None:
    index(store, "brief.txt", DESK_BRIEF)
    day = kyiv_today()
    died(store, day, LEASE + dt.timedelta(minutes=1), ts="1700000000.000001")
    assert replica(db_url, fake_slack, soon, **{TIME_ENV: "00:00"}).tick() == [
        (CHANNEL, day, "posted")
    ]
    assert top_level(fake_slack) == []
    (details,) = in_thread(fake_slack)
    assert details.data["thread_ts"] == "1700000000.000001"
    (run,) = store.digests.runs(CHANNEL)
    assert run.status == "posted" and run.ts == "1700000000.000001"


def test_a_fresh_posting_row_and_a_posted_one_are_left_alone(
    db_url: str, store: Store, fake_slack
) -> None:
    died(store, dt.date(2025, 1, 10), LEASE - dt.timedelta(minutes=1))
    scheduler = replica(db_url, fake_slack, lambda: at(10, 9, 5))
    assert scheduler.tick() == [] and scheduler.tick(catch_up=True) == []
    assert fake_slack.find("chat.postMessage") == []
    (run,) = store.digests.runs(CHANNEL)
    assert (run.status, run.ts, run.finished_at) == ("posting", None, None)
    assert replica(db_url, fake_slack, lambda: at(11, 9, 5)).tick() == [
        (CHANNEL, dt.date(2025, 1, 11), "posted")
    ]
    old = dt.datetime.now(dt.UTC) - LEASE * 10
    store.digests.update_run(CHANNEL, dt.date(2025, 1, 11), started_at=old)
    assert replica(db_url, fake_slack, lambda: at(11, 9, 30)).tick() == []
    assert len(fake_slack.find("chat.postMessage")) == 1


def test_catch_up_takes_over_yesterdays_row_left_posting(
    db_url: str, store: Store, fake_slack
) -> None:
    assert replica(db_url, fake_slack, lambda: at(8, 9, 30)).tick() == [
        (CHANNEL, dt.date(2025, 1, 8), "posted")
    ]
    died(store, dt.date(2025, 1, 9), LEASE + dt.timedelta(minutes=1))
    # every replica was down until the 10th, before 09:00; two start at once
    first = replica(db_url, fake_slack, lambda: at(10, 7, 0))
    second = replica(db_url, fake_slack, lambda: at(10, 7, 0))
    assert first.tick() == []  # a plain tick before 09:00 does not look back
    assert tick_at_once([first, second], catch_up=True) == [
        (CHANNEL, dt.date(2025, 1, 9), "posted")
    ]
    assert [r.status for r in store.digests.runs(CHANNEL)] == ["posted", "posted"]
    assert len(top_level(fake_slack)) == 2
