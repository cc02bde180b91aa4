"""Faults: kill -9 mid-ingest, a locked database, Slack API errors, failing listeners, secrets.

Each test provokes the fault for real (a SIGKILLed process, a SQLite lock held by another
connection, error replies from the fake Slack) and asserts on what a person would see.
"""

from __future__ import annotations

import concurrent.futures
import json
import logging
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from bot import commands
from bot.serve import verified_app
from bot.settings import Settings, SettingsError, from_environ
from bot.slack.app import BUSY, PLACE_ERRORS
from handlers.ingest import build_document
from handlers.readers import read_document
from store import Scope, Store
from store import engine as store_engine
from store.schema import documents, figures, mentions, passages
from tests import slack_wire
from tests.conftest import ROOT
from tests.fake_slack import FakeSlack, Reply
from tests.slack_wire import DESK_BRIEF, Wire, index

FILES = 300


def sqlite_only(store: Store) -> None:
    if store.engine.dialect.name != "sqlite":
        pytest.skip("SQLite-specific")


# ---- kill -9 during a large ingest -------------------------------------------------------


def write_folder(folder: Path) -> None:
    """FILES news-like files of 8-20 sentences each, every one distinct."""
    folder.mkdir()
    for n in range(FILES):
        lines = [f"Convoy report {n}", "By Mara Lind", "Published November 9, 2024", ""]
        for s in range(8 + n % 13):
            lines.append(
                f"Officials in district {n} said {s * 10 + n:,} troops moved past checkpoint {s} "
                f"near Kursk on day {s}, and Olena Petrenko counted {n + s} trucks."
            )
        (folder / f"report-{n:03d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def expected_passages(folder: Path) -> dict[str, int]:
    scope = Scope()
    return {
        str(p.resolve()): len(build_document(read_document(p), str(p), "", scope).passages)
        for p in sorted(folder.glob("*.txt"))
    }


def index_process(folder: Path, url: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "index", str(folder), "--db", url, "--json", "--no-embed"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def document_count(url: str) -> int:
    try:
        with sqlite3.connect(url.removeprefix("sqlite:///"), timeout=0.2) as conn:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet, or busy
        return 0


def assert_no_half_document(store: Store, expected: dict[str, int]) -> int:
    with store.engine.connect() as conn:
        per_doc = dict(
            conn.execute(
                select(documents.c.path, func.count(passages.c.id))
                .select_from(documents.outerjoin(passages))
                .group_by(documents.c.path)
            ).all()
        )
        for child in (passages, figures, mentions):
            orphans = conn.execute(
                select(func.count())
                .select_from(child)
                .where(child.c.document_id.not_in(select(documents.c.id)))
            ).scalar()
            assert orphans == 0, child.name
        conn.execute(text("INSERT INTO passages_fts(passages_fts) VALUES('integrity-check')"))
        indexed = conn.execute(text("SELECT count(*) FROM passages_fts")).scalar()
    assert {path: expected[path] for path in per_doc} == per_doc
    assert indexed == sum(per_doc.values())
    return len(per_doc)


@pytest.mark.sqlite
def test_kill_9_mid_ingest_leaves_whole_documents_and_a_rerun_completes(
    store: Store, db_url: str, tmp_path: Path
) -> None:
    sqlite_only(store)
    folder = tmp_path / "reports"
    write_folder(folder)
    expected = expected_passages(folder)
    process = index_process(folder, db_url)
    try:
        deadline = time.monotonic() + 60
        while document_count(db_url) < 5 and process.poll() is None:
            assert time.monotonic() < deadline, "the indexer committed nothing in 60 s"
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL, "the ingest finished before the kill"
    kept = assert_no_half_document(store, expected)
    assert 0 < kept < FILES

    rerun = subprocess.run(
        [sys.executable, "-m", "bot", "index", str(folder), "--db", db_url, "--json", "--no-embed"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert rerun.returncode == 0, rerun.stderr
    summary = json.loads(rerun.stdout.splitlines()[-1])
    assert (summary["added"], summary["unchanged"], summary["skipped"]) == (
        FILES - kept,
        kept,
        0,
    )
    assert assert_no_half_document(store, expected) == FILES


# ---- a locked database ----------------------------------------------------------------------


@pytest.fixture
def quick_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A SQLite store that gives up on a lock after 50 ms instead of 10 s."""
    monkeypatch.setattr(store_engine, "BUSY_TIMEOUT_MS", 50)
    opened = Store(f"sqlite:///{tmp_path / 'quick.db'}")
    yield opened
    opened.close()


class Lock:
    """Another process's exclusive lock on the SQLite file: even reads are refused."""

    def __init__(self, store: Store) -> None:
        store.engine.dispose()  # our pooled connections would keep the lock from us
        self.conn = sqlite3.connect(store.engine.url.database, isolation_level=None)
        self.conn.execute("PRAGMA locking_mode=EXCLUSIVE")
        self.conn.execute("BEGIN EXCLUSIVE")
        self.conn.execute("CREATE TABLE lock_holder (x)")

    def release(self) -> None:
        self.conn.execute("ROLLBACK")
        self.conn.execute("PRAGMA locking_mode=NORMAL")
        self.conn.execute("SELECT count(*) FROM documents").fetchall()  # drops the lock
        self.conn.close()


@pytest.mark.sqlite
def test_a_locked_database_acks_in_time_says_busy_and_recovers(
    quick_store: Store, fake_slack: FakeSlack
) -> None:
    index(quick_store, "desk.txt", DESK_BRIEF)
    with Wire(quick_store, fake_slack) as wire:
        lock = Lock(quick_store)
        try:
            sent = wire.command("/who", "Zelensky")
            assert (sent.status, sent.body) == (200, b"") and sent.seconds < 3
            assert wire.answer_to(sent).shown() == BUSY
            wire.mention("who Zelensky", thread_ts="1700000000.000100")
            told = wire.fake.wait("chat.postMessage")[0]
            assert (told.shown(), told.data["thread_ts"]) == (BUSY, "1700000000.000100")
            assert wire.get("/healthz").status == 503
        finally:
            lock.release()
        after = wire.answer_to(wire.command("/who", "Zelensky"))
        assert "*Volodymyr Zelensky*" in after.shown()
        assert wire.get("/healthz").status == 200


# ---- Slack API errors -----------------------------------------------------------------------


@pytest.mark.parametrize("code", sorted(PLACE_ERRORS))
def test_slack_place_errors_give_a_useful_reply_or_a_warning(
    wire: Wire, store: Store, code: str, caplog: pytest.LogCaptureFixture
) -> None:
    index(store, "desk.txt", DESK_BRIEF)
    refused = Reply(body={"ok": False, "error": code})
    wire.fake.script("chat.postMessage", refused)
    message = {"type": "message", "ts": "1.2", "text": "11,000 soldiers went to Kursk"}
    answer = wire.answer_to(wire.shortcut(message, channel="C0GONE"))
    assert answer.shown() == PLACE_ERRORS[code]  # ephemeral: the user learns why
    wire.fake.script("chat.postMessage", refused, refused)  # the answer and the notice
    wire.mention("who Zelensky", channel="C0GONE")
    wire.fake.wait("chat.postMessage", 3)
    deadline = time.monotonic() + 5
    while "could not tell the user" not in caplog.text and time.monotonic() < deadline:
        time.sleep(0.02)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert f"Slack said {code} for C0GONE" in warnings
    assert f"could not tell the user about an error: {code}" in warnings
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert "*Volodymyr Zelensky*" in wire.answer_to(wire.command("/who", "Zelensky")).shown()


def test_429_after_429_is_retried_twice_then_reported_not_a_crash(wire: Wire, store: Store) -> None:
    index(store, "desk.txt", DESK_BRIEF)
    wire.fake.script("chat.postMessage", Reply(429, {"ok": False}, {"Retry-After": "1"}))
    wire.fake.script("chat.postMessage", Reply(429, {"ok": False}, {"Retry-After": "1"}))
    wire.fake.script("chat.postMessage", Reply(429, {"ok": False}, {"Retry-After": "1"}))
    wire.mention("who Zelensky")  # three 429s: two retries, then a warning, no post
    calls = wire.fake.wait("chat.postMessage", 4, timeout=15)
    assert calls[2].at - calls[0].at >= 1.9  # Retry-After honoured twice
    assert "*Volodymyr Zelensky*" in wire.answer_to(wire.command("/who", "Zelensky")).shown()


# ---- an exception inside a listener ---------------------------------------------------------


def test_a_listener_exception_shows_a_reference_logged_with_its_stack(
    wire: Wire, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("ranker exploded")

    monkeypatch.setitem(commands.COMMANDS, "claim", replace(commands.COMMANDS["claim"], run=broken))
    answer = wire.answer_to(wire.command("/claim", "Kursk"))
    found = re.fullmatch(r"Something went wrong \(reference ([0-9A-F]{6})\)\.", answer.shown())
    assert found and answer.data["response_type"] == "ephemeral"
    logged = [r for r in caplog.records if found[1] in r.getMessage()]
    assert len(logged) == 1 and logged[0].levelno == logging.ERROR
    assert "RuntimeError: ranker exploded" in caplog.text and "Traceback" in caplog.text
    assert "ranker exploded" not in answer.shown() + answer.text


# ---- secrets never reach logs or replies ----------------------------------------------------

BOT_TOKEN = "xoxb-111-222-DISTINCTBOTTOKEN"
SIGNING_SECRET = "DISTINCTSIGNINGSECRET0123456789"
APP_TOKEN = "xapp-1-A111-DISTINCTAPPTOKEN"
SECRETS = (BOT_TOKEN, SIGNING_SECRET, APP_TOKEN, "DISTINCT")


def test_secrets_never_reach_logs_or_replies(
    store: Store,
    fake_slack: FakeSlack,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("slack_bolt", "slack_sdk", "factdesk", "urllib3", ""):
        caplog.set_level(logging.DEBUG, logger=name)
    monkeypatch.setattr(slack_wire, "BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setattr(slack_wire, "SECRET", SIGNING_SECRET)
    index(store, "desk.txt", DESK_BRIEF)
    with Wire(store, fake_slack) as wire:
        assert (
            wire.post(
                "command=%2Fwho", "application/x-www-form-urlencoded", signature="v0=1"
            ).status
            == 401
        )
        wire.fake.script("chat.postMessage", Reply(body={"ok": False, "error": "invalid_auth"}))
        wire.mention("who Zelensky")  # a Slack API error the app does not know
        wire.fake.add_file("F0X", "x.txt", b"Kursk", "C0DESK", public=True)
        wire.file_shared("F0X", "C0DESK")  # the download is refused: wrong token
        wire.interactive({"type": "message_action", "callback_id": "check_message"})  # fails
        wire.answer_to(wire.command("/who", "Zelensky"))
        wire.fake.wait("chat.postMessage", 3)
    settings = Settings(BOT_TOKEN, SIGNING_SECRET, APP_TOKEN, api_url=fake_slack.url + "api/")
    fake_slack.script("auth.test", Reply(body={"ok": False, "error": "invalid_auth"}))
    with pytest.raises(SettingsError) as refused:
        verified_app(store, settings)
    with pytest.raises(SettingsError) as missing:
        from_environ({"SLACK_BOT_TOKEN": BOT_TOKEN}, "socket")
    said = [str(refused.value), str(missing.value), repr(settings), caplog.text]
    said += [c.text + c.shown() for c in fake_slack.calls]
    assert len(caplog.records) > 20  # the debug logs were on
    for secret in SECRETS:
        assert not [s for s in said if secret in s], secret
    downloads = fake_slack.find("/files/F0X/")
    assert downloads[0].headers["Authorization"] == f"Bearer {BOT_TOKEN}"  # sent, not logged


# ---- load: an ack never waits behind earlier searches ---------------------------------------


def test_acks_do_not_wait_for_a_free_listener_thread(
    wire: Wire, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bolt runs listeners in a pool of 5 threads; with 12 slow searches in flight the
    12th request is still acknowledged at once (found by bench/load.py: acks took 10 s)."""
    index(store, "desk.txt", DESK_BRIEF)
    slow = commands.COMMANDS["who"]

    def searching(*args):
        time.sleep(0.5)
        return slow.run(*args)

    monkeypatch.setitem(commands.COMMANDS, "who", replace(slow, run=searching))
    with concurrent.futures.ThreadPoolExecutor(12) as pool:
        sent = list(pool.map(lambda _: wire.command("/who", "Zelensky"), range(12)))
    assert [s.status for s in sent] == [200] * 12
    assert max(s.seconds for s in sent) < 0.4
    for request in sent:
        assert "*Volodymyr Zelensky*" in wire.answer_to(request).shown()
