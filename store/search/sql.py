"""What the two database backends (FTS5, GIN) share: counts read with SQL, a connection
from the store (so an unreachable archive is one StoreError line), the scope fence as
SQL text (from store/visibility.py)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, TextClause, func, select, text

from store.records import Scope
from store.schema import passages
from store.visibility import SCOPE_SQL, scope_params


class DatabaseSearch:
    """A backend that answers from the database itself."""

    name = "database"
    DDL: tuple[str, ...] = ()  # the backend's index structures
    VOCABULARY: TextClause  # (term, frequency) with :low <= term < :high, at most :limit

    def __init__(self, connect: Callable[[], Connection]) -> None:
        self.connect = connect

    def passage_count(self) -> int:
        with self.connect() as conn:
            return conn.execute(select(func.max(passages.c.id))).scalar() or 0

    def document_count(self, scope: Scope) -> int:
        with self.connect() as conn:
            sql = text(f"SELECT count(*) FROM documents d WHERE {SCOPE_SQL}")
            return conn.execute(sql, scope_params(scope)).scalar_one()

    def vocabulary_between(self, low: str, high: str, limit: int) -> list[tuple[str, int]]:
        with self.connect() as conn:
            rows = conn.execute(self.VOCABULARY, {"low": low, "high": high, "limit": limit})
            return [(row[0], row[1]) for row in rows]

    @classmethod
    def create(cls, conn: Connection) -> None:
        """Create the backend's index structures, inside the caller's transaction."""
        for statement in cls.DDL:
            conn.exec_driver_sql(statement)

    @staticmethod
    def count_terms(conn: Connection, document_id: int, sign: int) -> None:
        """Keep the backend's term counts in step with one document's passages."""
