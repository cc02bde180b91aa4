"""What every stored concept's class shares: the store's engine, and time as stored.

`Store` exposes each concept (watches, digest runs, digest settings, the claim log, feeds,
first deliveries) as one small class over its one engine, the way python-slack-sdk's
SQLAlchemy installation store keeps one class per stored thing: `store.watches.add(...)`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import OperationalError

from store.engine import StoreError


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def as_stored(engine: Engine, moment: dt.datetime) -> dt.datetime:
    """A moment as the database compares it: SQLite stores naive UTC."""
    if engine.dialect.name == "sqlite":
        return moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment


def connect(engine: Engine) -> Connection:
    """A connection, or one StoreError when the database cannot be reached."""
    try:
        return engine.connect()
    except OperationalError as exc:
        raise StoreError(f"the archive is busy or unreachable: {exc.orig}") from exc


class Concept:
    """One stored concept over the store's engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def connect(self) -> Connection:
        return connect(self.engine)

    def as_stored(self, moment: dt.datetime) -> dt.datetime:
        return as_stored(self.engine, moment)
