"""Shared fixtures: a real database per test, the shared corpus, the CLI in process."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from store import Scope, Store

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SAMPLES = ROOT / "samples"


def database_url(tmp_path: Path) -> str:
    """TEST_DATABASE_URL when set (PostgreSQL in CI), else a SQLite file in tmp_path."""
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'factdesk.db'}"


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return database_url(tmp_path)


@pytest.fixture
def store(db_url: str):
    opened = Store(db_url)
    yield opened
    opened.close()


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir() or not any(CORPUS.glob("*.txt")):
        pytest.skip(f"shared corpus not found at {CORPUS} (it lives beside the checkout)")
    return CORPUS


@pytest.fixture
def corpus_store(store: Store, corpus: Path) -> Store:
    from handlers.ingest import ingest_paths

    ingest_paths(store, [corpus], Scope())
    return store


class Cli:
    """Runs `python -m bot` in process against one database, capturing its output."""

    def __init__(self, url: str, capsys: pytest.CaptureFixture) -> None:
        self.url, self.capsys = url, capsys

    def __call__(self, *args: str) -> tuple[int, str, str]:
        from bot.cli import main

        self.capsys.readouterr()
        code = main([*args, "--db", self.url])
        out, err = self.capsys.readouterr()
        return code, out, err

    def json(self, *args: str) -> dict:
        code, out, err = self(*args, "--json")
        assert code == 0, err
        return json.loads(out)


@pytest.fixture
def cli(db_url: str, capsys: pytest.CaptureFixture) -> Cli:
    return Cli(db_url, capsys)


@pytest.fixture
def fake_slack():
    """Slack's side, recording: see tests/fake_slack.py."""
    from tests.fake_slack import FakeSlack

    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def wire(store: Store, fake_slack):
    """The real Slack app on 127.0.0.1 over `store`, talking to `fake_slack`."""
    from tests.slack_wire import Wire

    with Wire(store, fake_slack) as served:
        yield served
