"""Engine set-up: the URL, SQLite pragmas, table creation and the schema version."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

from store import fulltext
from store.schema import SCHEMA_VERSION, meta, metadata

DEFAULT_URL = "sqlite:///factdesk.db"
URL_ENV = "FACTDESK_DATABASE_URL"
BUSY_TIMEOUT_MS = 10_000


class StoreError(Exception):
    """The database cannot be used; the message is one line a person can act on."""


def database_url(explicit: str | None = None) -> str:
    return explicit or os.environ.get(URL_ENV) or DEFAULT_URL


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _check_sqlite_folder(url: str) -> None:
    database = make_url(url).database
    if database and database != ":memory:" and not database.startswith("file:"):
        folder = Path(database).expanduser().resolve().parent
        if not folder.is_dir():
            raise StoreError(f"cannot open database {url}: folder {folder} does not exist")


def _as_store_error(context) -> StoreError | None:
    """A locked, vanished or unreachable database becomes one StoreError, wherever it
    happens, so every transport can say "the archive is busy, try again"."""
    if isinstance(context.sqlalchemy_exception, OperationalError):
        cause = str(context.original_exception).splitlines()[0]
        return StoreError(f"the archive is busy or unreachable: {cause}")
    return None


def make_engine(url: str) -> Engine:
    """Create an engine for `url`, with WAL and a busy timeout on SQLite."""
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            _check_sqlite_folder(url)
            engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = create_engine(url, pool_pre_ping=True)
        event.listen(engine, "handle_error", _as_store_error)
        return engine
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise StoreError(f"cannot use database URL {url!r}: {exc}") from exc


def create_tables(engine: Engine) -> None:
    """Create what is missing and record the schema version; refuse a newer schema."""
    try:
        metadata.create_all(engine)
        fulltext.create(engine)
        with engine.begin() as conn:
            found = conn.execute(
                select(meta.c.value).where(meta.c.key == "schema_version")
            ).scalar()
            if found is None:
                conn.execute(meta.insert().values(key="schema_version", value=str(SCHEMA_VERSION)))
            elif int(found) > SCHEMA_VERSION:
                raise StoreError(
                    f"database schema version {found} is newer than this Factdesk "
                    f"({SCHEMA_VERSION}); upgrade Factdesk"
                )
    except StoreError as exc:
        raise StoreError(f"cannot open database {engine.url!r}: {exc}") from exc
