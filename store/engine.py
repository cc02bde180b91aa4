"""Engine set-up: the URL, SQLite pragmas, table creation and the schema version."""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, inspect, select, text
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, NoSuchModuleError, OperationalError

from store import search
from store.schema import SCHEMA_VERSION, documents, meta, metadata

DEFAULT_URL = "sqlite:///factdesk.db"
URL_ENV = "FACTDESK_DATABASE_URL"
BUSY_TIMEOUT_MS = 10_000
SQLITE_CACHE_ENV = "FACTDESK_SQLITE_CACHE_KB"  # each SQLite connection's page cache
SCHEMA_LOCK = 0x46616374  # "Fact": the advisory lock held while creating tables


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
    if cache := _sqlite_cache_kb():
        cursor.execute(f"PRAGMA cache_size=-{cache}")
    cursor.close()


def _sqlite_cache_kb() -> int | None:
    """FACTDESK_SQLITE_CACHE_KB, else None (SQLite's own 2,000 KiB). The pages a connection
    caches are its process's own heap, on top of the system's shared file cache: a gunicorn
    worker pools five connections (bot/gunicorn_config.py lowers it for its workers)."""
    chosen = os.environ.get(SQLITE_CACHE_ENV, "").strip()
    return int(chosen) if chosen.isdigit() and int(chosen) > 0 else None


def _without_nul(value):
    return value.replace("\x00", "") if isinstance(value, str) else value


def _strip_nul(_conn, _cursor, statement, parameters, _context, executemany):
    """PostgreSQL text cannot hold NUL; SQLite stores it. Drop it from every string sent,
    so a hostile query or file behaves the same on both (it carries no meaning)."""
    if isinstance(parameters, dict):
        parameters = {k: _without_nul(v) for k, v in parameters.items()}
    elif executemany and isinstance(parameters, list | tuple):
        parameters = [{k: _without_nul(v) for k, v in row.items()} for row in parameters]
    return statement, parameters


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
        if retryable(context.original_exception):
            return None  # a deadlock or serialization failure: the writer retries
        cause = str(context.original_exception).splitlines()[0]
        return StoreError(f"the archive is busy or unreachable: {cause}")
    return None


def retryable(error: BaseException | None) -> bool:
    """A PostgreSQL transaction rolled back by a race (SQLSTATE class 40) or a unique key
    another writer took first (23505): running the transaction again settles it."""
    state = getattr(error, "sqlstate", None) or ""
    return state.startswith("40") or state == "23505"


SUPPORTED = "sqlite:///PATH (or a plain file path) and postgresql+psycopg://USER@HOST/NAME"


def shown_url(url: str) -> str:
    """The URL as it may be printed: a password is never shown."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return url.split("@")[-1] if "@" in url else url


def _check_url(parsed) -> None:
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise StoreError(f"unsupported database URL scheme {backend}://: use {SUPPORTED}")
    if backend == "sqlite" and not parsed.database:
        raise StoreError(
            "sqlite:/// names no file (it would be a throwaway in-memory database): "
            "use sqlite:///PATH, e.g. sqlite:///factdesk.db"
        )


def sqlite_file(url: str) -> Path | None:
    """The file a SQLite URL names (None for other databases and in-memory ones)."""
    parsed = make_url(url)
    database = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or database in ("", ":memory:"):
        return None
    return None if database.startswith("file:") else Path(database).expanduser()


def make_engine(url: str) -> Engine:
    """Create an engine for `url`, with WAL and a busy timeout on SQLite."""
    try:
        parsed = make_url(url)
        _check_url(parsed)
        if parsed.get_backend_name() == "sqlite":
            _check_sqlite_folder(url)
            engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = create_engine(url, pool_pre_ping=True)
            event.listen(engine, "before_cursor_execute", _strip_nul, retval=True)
        event.listen(engine, "handle_error", _as_store_error)
        return engine
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise StoreError(
            f"cannot use database URL {shown_url(url)!r}: {exc}; supported: {SUPPORTED}"
        ) from exc


def _add_missing_columns(conn: Connection) -> None:
    """create_all adds no column to an existing table; a nullable column added to the
    schema later (the said_* columns), or one with a server default (figures.measure and
    figures.status), reaches existing databases here."""
    found = inspect(conn)
    tables = set(found.get_table_names())
    for table in metadata.sorted_tables:
        if table.name not in tables:
            continue
        have = {column["name"] for column in found.get_columns(table.name)}
        for column in table.columns:
            if column.name not in have and (column.nullable or column.server_default):
                kind = column.type.compile(dialect=conn.dialect)
                add = f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {kind}'
                conn.execute(text(add + _default(column)))


def _default(column) -> str:
    """ " NOT NULL DEFAULT ''" for a column with a (string) server default, else ""."""
    if column.nullable or column.server_default is None:
        return ""
    return f" NOT NULL DEFAULT '{column.server_default.arg}'"


def _create_missing_indexes(conn: Connection) -> None:
    """create_all makes indexes only with a new table; an index added to the schema later
    reaches existing databases here."""
    for table in metadata.sorted_tables:
        for index in table.indexes:
            index.create(conn, checkfirst=True)


def _insert_missing(conn: Connection, key: str, value: str) -> None:
    """A meta row set once: replicas opening a new database at once keep the first."""
    insert = (sqlite_insert if conn.dialect.name == "sqlite" else postgresql_insert)(meta)
    conn.execute(insert.values(key=key, value=value).on_conflict_do_nothing())


def database_id(engine: Engine) -> str:
    """The random id this database got when it was created: what a saved index is of."""
    with engine.connect() as conn:
        return conn.execute(select(meta.c.value).where(meta.c.key == "database_id")).scalar_one()


class NoArchive(StoreError):
    """A read-only command found no archive where the URL points."""


def require_archive(engine: Engine, url: str) -> None:
    """Refuse, without creating anything, a database that holds no Factdesk archive."""
    path = sqlite_file(url)
    where = str(path) if path else shown_url(url)
    if path is not None and not path.is_file():
        raise NoArchive(f"no archive at {where} — run factdesk index first")
    try:
        with engine.connect() as conn:
            found = inspect(conn).has_table(documents.name)
    except (DatabaseError, StoreError) as exc:
        raise StoreError(_unusable(where, exc)) from exc
    if not found:
        raise NoArchive(f"no archive at {where} — run factdesk index first")


def _unusable(where: str, exc: Exception) -> str:
    cause = str(getattr(exc, "orig", None) or exc).splitlines()[0]
    if "not a database" in cause:
        return f"{where} is not a Factdesk archive (not a SQLite database)"
    return f"cannot open database {where}: {cause}"


@contextlib.contextmanager
def _schema_lock(engine: Engine) -> Iterator[None]:
    """SQLite: one process of the machine creates tables at a time. Without it, processes
    opening a new archive together (`gunicorn -w 4` on a fresh file) all saw a table
    missing, and all but one failed on "table ... already exists" (4 processes at once:
    6 trials of 6). PostgreSQL takes an advisory lock inside the transaction instead."""
    path = sqlite_file(str(engine.url))
    if path is None or not path.parent.is_dir():  # no folder: SQLite itself will say so
        yield
        return
    with open(path.with_name(path.name + ".schema-lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def create_tables(engine: Engine) -> None:
    """Create what is missing and record the schema version; refuse a newer schema."""
    try:
        with _schema_lock(engine), engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                # Replicas starting at once must not race on CREATE ... IF NOT EXISTS.
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK})
            metadata.create_all(conn)
            _add_missing_columns(conn)
            _create_missing_indexes(conn)
            search.create(conn)
            found = conn.execute(
                select(meta.c.value).where(meta.c.key == "schema_version")
            ).scalar()
            _insert_missing(conn, "database_id", secrets.token_hex(16))
            if found is None:
                conn.execute(meta.insert().values(key="schema_version", value=str(SCHEMA_VERSION)))
            elif int(found) > SCHEMA_VERSION:
                raise StoreError(
                    f"database schema version {found} is newer than this Factdesk "
                    f"({SCHEMA_VERSION}); upgrade Factdesk"
                )
    except StoreError as exc:
        raise StoreError(f"cannot open database {engine.url!r}: {exc}") from exc
    except DatabaseError as exc:  # e.g. "file is not a database"
        raise StoreError(_unusable(_where(engine), exc)) from exc


def _where(engine: Engine) -> str:
    path = sqlite_file(str(engine.url))
    return str(path) if path else repr(engine.url)
