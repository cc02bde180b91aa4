"""Passage vectors in the database: one sentence embedding per passage and model.

Stored as int8 components with one float scale per vector (384 bytes + 8 at 384
dimensions; float16 would double that for no measurable gain in cosine: the rounding
error of int8 with a per-vector scale is under 0.004 of a unit vector's length). SQLite
and PostgreSQL alike (pgvector is not packaged here): an ordinary blob column. A
vector goes with its passage (ON DELETE CASCADE) and is read only through it, so the
scope fence of its document holds for meaning as for words.

Embedding is its own stage (`factdesk embed`, the end of `factdesk index`, a server's
background thread). Work is handed out in chunks of CHUNK passage ids: a process takes
a chunk by inserting its `vector_claims` row (the INSERT that wins takes it), embeds the
passages of that chunk still without a vector, stores them and releases the chunk. So
several processes at once never embed the same passage; a claim older than LEASE (its
process died) is taken over.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import Connection, Engine, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from store.records import Scope
from store.schema import documents, passage_vectors, passages, vector_claims
from store.visibility import admits, visible

CHUNK = 256  # passage ids per claim
LEASE = dt.timedelta(minutes=5)
SCAN_LIMIT = 50_000  # vectors a one-shot command reads to find the nearest passages


@dataclass(frozen=True)
class Coverage:
    """How many of the passages a scope sees have a vector for the model."""

    embedded: int
    passages: int


@dataclass(frozen=True)
class Pending:
    """Passages of one claimed chunk still without a vector."""

    chunk: int
    ids: tuple[int, ...]
    texts: tuple[str, ...]


def pack(vectors: np.ndarray) -> list[tuple[bytes, float]]:
    """Unit vectors as (int8 bytes, scale) pairs."""
    vectors = np.asarray(vectors, dtype=np.float32)
    scales = np.maximum(np.abs(vectors).max(axis=1), 1e-12) / 127.0
    codes = np.rint(vectors / scales[:, None]).astype(np.int8)
    return [(row.tobytes(), float(scale)) for row, scale in zip(codes, scales, strict=True)]


def unpack(blobs: Sequence[bytes], scales: Sequence[float], width: int) -> np.ndarray:
    """(int8 bytes, scale) pairs back as float32 unit vectors, one row each."""
    if not blobs:
        return np.zeros((0, width), dtype=np.float32)
    codes = np.frombuffer(b"".join(blobs), dtype=np.int8).reshape(len(blobs), width)
    vectors = codes.astype(np.float32) * np.asarray(scales, dtype=np.float32)[:, None]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class Vectors:
    """The `passage_vectors` table for one engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def coverage(self, scope: Scope, model: str) -> Coverage:
        seen = (
            select(passages.c.id)
            .join(documents, documents.c.id == passages.c.document_id)
            .where(visible(scope))
            .subquery()
        )
        with self.engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(seen)).scalar_one()
            embedded = conn.execute(
                select(func.count())
                .select_from(passage_vectors)
                .where(passage_vectors.c.model == model)
                .where(passage_vectors.c.passage_id.in_(select(seen.c.id)))
            ).scalar_one()
        return Coverage(embedded, total)

    def missing(self, model: str) -> int:
        """Passages in the whole database without a vector for the model."""
        with self.engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(passages)).scalar_one()
            done = conn.execute(
                select(func.count())
                .select_from(passage_vectors)
                .where(passage_vectors.c.model == model)
            ).scalar_one()
        return max(total - done, 0)

    def matrix_for(
        self, model: str, ids: Sequence[int], width: int
    ) -> tuple[list[int], np.ndarray]:
        """The passages among `ids` that have a vector, and their unit vectors as the rows
        of one matrix (so a claim's cosines with them all are one product)."""
        if not ids:
            return [], np.zeros((0, width), dtype=np.float32)
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(
                    passage_vectors.c.passage_id, passage_vectors.c.vector, passage_vectors.c.scale
                )
                .where(passage_vectors.c.model == model)
                .where(passage_vectors.c.passage_id.in_(list(ids)))
            ).all()
        return [r[0] for r in rows], unpack([r[1] for r in rows], [r[2] for r in rows], width)

    # -- embedding work ----------------------------------------------------

    def next_pending(self, model: str, after: int) -> Pending | None:
        """Claim the first chunk past passage id `after` with passages still to embed."""
        while (first := self._first_missing(model, after)) is not None:
            chunk = first // CHUNK
            if self._claim(model, chunk):
                found = self._pending(model, chunk)
                if found.ids:
                    return found
                self.release(model, chunk)
            after = (chunk + 1) * CHUNK - 1
        return None

    def _first_missing(self, model: str, after: int) -> int | None:
        has = select(passage_vectors.c.id).where(
            passage_vectors.c.passage_id == passages.c.id, passage_vectors.c.model == model
        )
        with self.engine.connect() as conn:
            return conn.execute(
                select(func.min(passages.c.id)).where(passages.c.id > after, ~has.exists())
            ).scalar()

    def _claim(self, model: str, chunk: int) -> bool:
        now = dt.datetime.now(dt.UTC)
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    vector_claims.insert().values(model=model, chunk=chunk, claimed_at=now)
                )
            return True
        except IntegrityError:
            pass
        with self.engine.begin() as conn:  # taken: over, if its process outlived the lease
            stale = conn.execute(
                update(vector_claims)
                .where(vector_claims.c.model == model, vector_claims.c.chunk == chunk)
                .where(vector_claims.c.claimed_at < now - LEASE)
                .values(claimed_at=now)
            )
            return stale.rowcount == 1

    def _pending(self, model: str, chunk: int) -> Pending:
        has = select(passage_vectors.c.id).where(
            passage_vectors.c.passage_id == passages.c.id, passage_vectors.c.model == model
        )
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(passages.c.id, passages.c.text)
                .where(passages.c.id.between(chunk * CHUNK, (chunk + 1) * CHUNK - 1))
                .where(~has.exists())
                .order_by(passages.c.id)
            ).all()
        return Pending(chunk, tuple(r[0] for r in rows), tuple(r[1] for r in rows))

    def save(self, model: str, pending: Pending, vectors: np.ndarray) -> int:
        """Store the chunk's vectors (those whose passage still exists) and release it."""
        rows = [
            {"passage_id": pid, "model": model, "vector": blob, "scale": scale}
            for pid, (blob, scale) in zip(pending.ids, pack(vectors), strict=True)
        ]
        with self.engine.begin() as conn:
            alive = set(
                conn.execute(select(passages.c.id).where(passages.c.id.in_(pending.ids))).scalars()
            )
            kept = [row for row in rows if row["passage_id"] in alive]
            if kept:
                conn.execute(_insert_new(conn), kept)
            conn.execute(_release(model, pending.chunk))
        return len(kept)

    def release(self, model: str, chunk: int) -> None:
        with self.engine.begin() as conn:
            conn.execute(_release(model, chunk))

    # -- what the vector index reads ---------------------------------------

    def read_since(
        self, conn: Connection, model: str, after: int, limit: int
    ) -> list[tuple[int, int, str, str, bytes, float]]:
        """(vector row id, passage id, workspace, channel, bytes, scale), in row id order."""
        return [
            tuple(row)
            for row in conn.execute(
                select(
                    passage_vectors.c.id,
                    passage_vectors.c.passage_id,
                    documents.c.workspace,
                    documents.c.channel,
                    passage_vectors.c.vector,
                    passage_vectors.c.scale,
                )
                .join(passages, passages.c.id == passage_vectors.c.passage_id)
                .join(documents, documents.c.id == passages.c.document_id)
                .where(passage_vectors.c.model == model, passage_vectors.c.id > after)
                .order_by(passage_vectors.c.id)
                .limit(limit)
            )
        ]

    def visible(self, ids: Sequence[int], scope: Scope) -> set[int]:
        """Those of `ids` whose passage exists and `scope` may see, read from the database:
        a nearest search's answer is checked against it, so neither a deleted passage nor a
        damaged saved file's scope key ever reaches an answer."""
        if not ids:
            return set()
        # Primary-key reads, and the fence applied to the rows read (store.visibility's
        # `admits`, the rule `visible` writes in SQL): with the fence in SQL, SQLite planned
        # from the scope's (workspace, channel) index, every document of the workspace:
        # 119 ms a claim at 1M passages.
        with self.engine.connect() as conn:
            in_document = dict(
                conn.execute(
                    select(passages.c.id, passages.c.document_id).where(
                        passages.c.id.in_(list(ids))
                    )
                ).all()
            )
            if not in_document:
                return set()
            rows = conn.execute(
                select(documents.c.id, documents.c.workspace, documents.c.channel).where(
                    documents.c.id.in_(set(in_document.values()))
                )
            )
            seen = {
                document
                for document, workspace, channel in rows
                if admits(scope, workspace, channel)
            }
        return {passage for passage, document in in_document.items() if document in seen}

    def newest(self) -> int:
        """The newest vector row id of any model (0 when none; the primary key's end, so
        no scan): a saved index that holds rows past it is of another state of the table."""
        with self.engine.connect() as conn:
            return conn.execute(
                select(func.coalesce(func.max(passage_vectors.c.id), 0))
            ).scalar_one()

    def count(self, model: str) -> int:
        with self.engine.connect() as conn:
            return conn.execute(
                select(func.count())
                .select_from(passage_vectors)
                .where(passage_vectors.c.model == model)
            ).scalar_one()

    def count_since(self, conn: Connection, model: str, after: int) -> int:
        """The model's vector rows past row id `after` (what a one-shot command left out)."""
        return conn.execute(
            select(func.count())
            .select_from(passage_vectors)
            .where(passage_vectors.c.model == model, passage_vectors.c.id > after)
        ).scalar_one()


def _insert_new(conn: Connection):
    """INSERT that leaves a vector another process stored first alone."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    return dialect.insert(passage_vectors).on_conflict_do_nothing(
        index_elements=["passage_id", "model"]
    )


def _release(model: str, chunk: int):
    return delete(vector_claims).where(
        vector_claims.c.model == model, vector_claims.c.chunk == chunk
    )
