"""Which backend answers: the one place it is chosen.

- The database's own, by dialect: FTS5 on SQLite, the GIN index on PostgreSQL. Its
  structures are created and its term counts kept by the same choice (`create`,
  `count_terms`), so no other module asks which database it is on.
- The memory index (store/search/memory.py) instead, once it holds a snapshot: the store
  starts on the database's backend and swaps to the memory index when it is ready.
- By meaning: a server's vector index once it is ready, else the one-shot command's: the
  saved index mapped, or a scan of the stored vectors (store/search/vector_scan.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from sqlalchemy import Connection

from store.search.fts5 import Fts5Search
from store.search.gin import GinSearch
from store.search.protocol import CandidateSearch, NearestSearch
from store.search.sql import DatabaseSearch
from store.search.vector_index import VectorIndex
from store.search.vector_scan import ScannedVectors

DATABASE_BACKENDS: dict[str, type[DatabaseSearch]] = {
    "sqlite": Fts5Search,
    "postgresql": GinSearch,
}


def database_backend(dialect: str) -> type[DatabaseSearch]:
    """The backend a database of this dialect answers with."""
    try:
        return DATABASE_BACKENDS[dialect]
    except KeyError:
        raise NotImplementedError(f"full-text index for {dialect} is not built yet") from None


def on_database(dialect: str, connect: Callable[[], Connection]) -> DatabaseSearch:
    return database_backend(dialect)(connect)


class Warming(CandidateSearch, Protocol):
    """A backend that answers only once it is ready (the memory index, built or opened)."""

    @property
    def ready(self) -> bool: ...


def choose(database: DatabaseSearch, memory: Warming | None) -> CandidateSearch:
    """The memory index when it is ready, else the database's backend."""
    return memory if memory is not None and memory.ready else database


def choose_nearest(server: VectorIndex | None, scanned: ScannedVectors) -> NearestSearch:
    """The server's vector index when it is ready, else the one-shot scan."""
    return server if server is not None and server.ready.is_set() else scanned


def create(conn: Connection) -> None:
    """Create the chosen backend's structures, inside the caller's transaction."""
    database_backend(conn.dialect.name).create(conn)


def count_terms(conn: Connection, document_id: int, sign: int) -> None:
    """Keep the chosen backend's term counts in step with one document's passages."""
    database_backend(conn.dialect.name).count_terms(conn, document_id, sign)
