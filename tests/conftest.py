"""Shared fixtures: a real database per test, the shared corpus, the CLI in process."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from store import Scope, Store

# Property tests check answers, not speed (speed is measured in benchmarks): a loaded
# machine made a 2 ms example take 270 ms once and fail hypothesis's 200 ms deadline.
settings.register_profile("factdesk", deadline=None)
settings.load_profile("factdesk")

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SAMPLES = ROOT / "samples"


@pytest.fixture(autouse=True, scope="session")
def _index_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Saved candidate indexes of PostgreSQL test databases go to a temporary folder, not
    to the user's cache (SQLite ones sit beside their file in tmp_path)."""
    before = os.environ.get("FACTDESK_INDEX_DIR")
    os.environ["FACTDESK_INDEX_DIR"] = str(tmp_path_factory.mktemp("index-cache"))
    yield
    if before is None:
        os.environ.pop("FACTDESK_INDEX_DIR", None)
    else:
        os.environ["FACTDESK_INDEX_DIR"] = before


def database_url(tmp_path: Path) -> str:
    """TEST_DATABASE_URL when set (PostgreSQL in CI), else a SQLite file in tmp_path."""
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'factdesk.db'}"


def is_postgresql(url: str) -> bool:
    return url.startswith("postgresql")


@pytest.fixture
def db_url(tmp_path: Path) -> Iterator[str]:
    """A database of this test's own: on PostgreSQL, a fresh schema named in the URL
    (`options=-csearch_path=...`), so processes the test starts get it too."""
    url = database_url(tmp_path)
    if not is_postgresql(url):
        yield url
        return
    schema = f"test_{uuid.uuid4().hex[:12]}"
    _schema_sql(url, f"CREATE SCHEMA {schema}")
    separator = "&" if "?" in url else "?"
    yield f"{url}{separator}options=-csearch_path%3D{schema}"
    _schema_sql(url, f"DROP SCHEMA {schema} CASCADE")


def _schema_sql(url: str, statement: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    engine = create_engine(url, poolclass=NullPool)
    with engine.begin() as conn:
        conn.execute(text("SET lock_timeout = '10s'"))
        conn.execute(text(statement))
    engine.dispose()


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

    def index_all(self, folder: Path, documents: int) -> None:
        """`factdesk index FOLDER`, asserting that each of its `documents` was added."""
        code, out, err = self("index", str(folder))
        assert code == 0, err
        assert f"{documents} added" in out and "0 skipped" in out

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


@pytest.fixture(scope="session")
def embedder():
    """The packaged sentence-embedding model, loaded once for the whole test run."""
    from handlers.embedding import MEANING
    from handlers.model_files import MeaningUnavailable, model_folder

    try:
        model_folder()
    except MeaningUnavailable as exc:
        pytest.skip(str(exc))
    MEANING.start()
    assert MEANING.ready() is not None, MEANING.reason
    return MEANING.ready()
