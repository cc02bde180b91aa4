"""Running as a service: gunicorn, installed with the project, serves `bot.serve:application`
on 127.0.0.1 with several workers, answers /healthz and a signed slash command, and stops
at boot with one line when a setting is wrong."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest
from slack_sdk.signature import SignatureVerifier

from tests.conftest import ROOT
from tests.fake_slack import BOT_TOKEN, TEAM, FakeSlack
from tests.slack_wire import DESK_BRIEF, index

SECRET = "service-test-secret"
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(db_url: str, fake: FakeSlack) -> dict:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(ROOT),
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake.url + "api/",
        "FACTDESK_DATABASE_URL": db_url,
        "FACTDESK_MEMORY_INDEX": "off",
    }


def gunicorn(port: int, env: dict, cwd: Path, *options: str) -> subprocess.Popen:
    command = [str(GUNICORN), *options, "-w", "2", "-b", f"127.0.0.1:{port}"]
    command.append("bot.serve:application")
    return subprocess.Popen(command, env=env, cwd=cwd, stderr=subprocess.PIPE, text=True)


def healthy(port: int, process: subprocess.Popen, deadline: float = 60) -> dict:
    until = time.monotonic() + deadline
    while time.monotonic() < until and process.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                return json.loads(r.read())
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"gunicorn never became healthy (exit {process.poll()})")


def slash(port: int, text: str, response_url: str) -> int:
    body = urlencode(
        {"team_id": TEAM, "channel_id": "C0DESK", "user_id": "U0ANN", "command": "/who"}
        | {"text": text, "response_url": response_url, "trigger_id": "1.2.3"}
    )
    stamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": SignatureVerifier(SECRET).generate_signature(
            timestamp=stamp, body=body
        ),
    }
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/slack/events", body.encode(), headers
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status


@pytest.fixture
def fake():
    with FakeSlack() as served:
        yield served


def test_gunicorn_installs_with_the_project_and_serves_the_app(store, db_url, fake, tmp_path):
    assert GUNICORN.is_file(), "gunicorn comes with `make setup` (the server extra)"
    index(store, "desk.txt", DESK_BRIEF)
    port = free_port()
    process = gunicorn(port, environment(db_url, fake), tmp_path)
    try:
        health = healthy(port, process)
        assert health["ok"] and health["documents"] == 1 and health["memory_index"] == "off"
        assert slash(port, "Zelensky", fake.response_url(1)) == 200
        answer = fake.wait("/response/1/", timeout=30)[0]
        assert "*Volodymyr Zelensky*" in answer.shown()
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_gunicorn_stops_at_boot_naming_a_wrong_setting(db_url, fake, tmp_path) -> None:
    env = environment(db_url, fake) | {"FACTDESK_TIMEZONE": "Atlantis/Capital"}
    process = gunicorn(free_port(), env, tmp_path)
    try:
        _, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode != 0
    assert "FACTDESK_TIMEZONE: unknown timezone 'Atlantis/Capital'" in stderr


def test_gunicorn_with_the_config_stops_at_boot_with_one_line(db_url, fake, tmp_path) -> None:
    """Without a bot token the arbiter says so in one line, before any worker boots: no
    worker's traceback above it."""
    env = {k: v for k, v in environment(db_url, fake).items() if k != "SLACK_BOT_TOKEN"}
    process = gunicorn(free_port(), env, tmp_path, *PRELOAD)
    try:
        _, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 2
    assert "factdesk: missing SLACK_BOT_TOKEN" in stderr
    assert "Traceback" not in stderr and "Booting worker" not in stderr


def test_the_server_extra_declares_gunicorn() -> None:
    text = (ROOT / "pyproject.toml").read_text()
    assert 'server = [\n    "gunicorn>=' in text
    assert "'.[server,dev,meaning]'" in (ROOT / "Makefile").read_text()  # meaning: issue 17
    assert shutil.which("gunicorn", path=str(GUNICORN.parent))


# ---- the arbiter imports, each worker builds its own app -----------------------------------

PRELOAD = ("-c", "python:bot.gunicorn_config")


def workers_of(arbiter: int, count: int, deadline: float = 30) -> list[int]:
    until = time.monotonic() + deadline
    while time.monotonic() < until:
        found = [
            int(entry.name) for entry in Path("/proc").glob("[0-9]*") if _parent(entry) == arbiter
        ]
        if len(found) == count:
            return found
        time.sleep(0.1)
    raise AssertionError(f"gunicorn {arbiter} never had {count} workers")


def _parent(entry: Path) -> int | None:
    try:
        return int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def threads(pid: int) -> int:
    return len(list(Path(f"/proc/{pid}/task").iterdir()))


def maps(pid: int) -> str:
    return Path(f"/proc/{pid}/maps").read_text()


def files_open(pid: int) -> set[str]:
    return {os.path.realpath(fd) for fd in Path(f"/proc/{pid}/fd").iterdir()}


def threads_after_preload(env: dict) -> int:
    """The threads of a fresh process once it has imported what the config imports."""
    probe = "import os, bot.gunicorn_config; print(len(os.listdir('/proc/self/task')))"
    run = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    return int(run.stdout.strip())


def test_gunicorn_workers_share_the_arbiters_imports_and_each_build_their_own_app(
    store, db_url, fake, tmp_path
):
    """gunicorn -c python:bot.gunicorn_config: the arbiter imports the modules (numpy's
    compiled core is mapped in it) but never builds the app: it holds no database file and
    runs no thread beyond those its imports start (no scheduler, no index refresher), so no
    worker inherits a connection or a thread; each worker answers a signed command, and
    all stop at once when told to."""
    index(store, "desk.txt", DESK_BRIEF)
    env = environment(db_url, fake)
    port = free_port()
    process = gunicorn(port, env, tmp_path, *PRELOAD)
    try:
        assert healthy(port, process)["documents"] == 1
        workers = workers_of(process.pid, 2)
        for n in (2, 3, 4):
            assert slash(port, "Zelensky", fake.response_url(n)) == 200
            assert "*Volodymyr Zelensky*" in fake.wait(f"/response/{n}/", timeout=30)[0].shown()
        assert "_multiarray_umath" in maps(process.pid)  # imported before the fork
        assert threads(process.pid) == threads_after_preload(env)
        assert all(threads(pid) > threads(process.pid) for pid in workers)  # their own
        if db_url.startswith("sqlite:///"):
            archive = os.path.realpath(db_url.removeprefix("sqlite:///"))
            assert archive not in files_open(process.pid)
            assert all(archive in files_open(pid) for pid in workers)
        process.terminate()  # each worker exits at once, none aborts (gunicorn waits 30 s)
        _, stderr = process.communicate(timeout=20)
        assert process.returncode == 0 and "SIGABRT" not in stderr, stderr[-2000:]
    finally:
        process.kill()
        process.wait(timeout=30)
