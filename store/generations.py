"""Generations: counters in `factdesk_meta` that tell caches what a scope sees changed.

Each fence (a workspace's unfenced documents, or one channel's) has its counter, bumped in
the transaction of every change to what it holds: a document added or replaced, forgotten
(one by one or pruned), retracted or restored; an editor's merge or split bumps the
workspace's. What a scope sees is its workspace's unfenced documents plus its channel's,
so the pair of counters names that state, and two channels that see the same documents
(neither has any of its own) name it alike.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import Connection, Integer, String, cast, select, update
from sqlalchemy.dialects import postgresql, sqlite

from store.concept import Concept
from store.records import Scope
from store.schema import meta


def increment(conn: Connection, key: str) -> None:
    """Add one to the counter `key` (created at 0), in one statement: two transactions
    bumping it at once both count."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    conn.execute(
        dialect.insert(meta)
        .values(key=key, value="0")
        .on_conflict_do_nothing(index_elements=["key"])
    )
    plus_one = cast(cast(meta.c.value, Integer) + 1, String)
    conn.execute(update(meta).where(meta.c.key == key).values(value=plus_one))


def _key(workspace: str, channel: str) -> str:
    digest = hashlib.sha256(f"{workspace}\0{channel}".encode()).hexdigest()[:40]
    return f"generation {digest}"


def bump(conn: Connection, workspace: str, channel: str | None) -> None:
    """What the fence (workspace, channel; "" or None: the unfenced documents) holds changed."""
    increment(conn, _key(workspace, channel or ""))


class Generations(Concept):
    """The counters of each fence: `store.generations`."""

    def of(self, scope: Scope) -> tuple[str, int, str, int]:
        """What `scope` sees, named: (workspace, its unfenced documents' generation, the
        channel when it ever held documents of its own, else "", that channel's)."""
        public, own = _key(scope.workspace, ""), _key(scope.workspace, scope.channel or "")
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(meta.c.key, meta.c.value).where(meta.c.key.in_({public, own}))
            )
            found = {key: int(value) for key, value in rows}
        mine = found.get(own, 0) if scope.channel else 0
        return scope.workspace, found.get(public, 0), scope.channel if mine else "", mine
