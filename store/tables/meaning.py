"""Meaning: one sentence embedding per passage and model, and the chunks being embedded."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    UniqueConstraint,
)

from store.tables import metadata

# One sentence embedding per passage and model: int8 components and the scale that turns
# them back into the unit vector (component = value * scale). Deleted with its passage.
passage_vectors = Table(
    "passage_vectors",
    metadata,
    Column("id", Integer, primary_key=True),  # insertion order: what the vector index reads next
    Column("passage_id", Integer, ForeignKey("passages.id", ondelete="CASCADE"), nullable=False),
    Column("model", String(64), nullable=False),
    Column("vector", LargeBinary, nullable=False),
    Column("scale", Float, nullable=False),
    UniqueConstraint("passage_id", "model", name="uq_passage_vectors_passage_model"),
    Index("ix_passage_vectors_model", "model", "id"),
)

# A chunk of passage ids being embedded by one process (`factdesk embed`, a server): the
# INSERT that wins takes the chunk, so several processes never embed the same passages.
# A claim older than its lease (the process died) is taken over.
vector_claims = Table(
    "vector_claims",
    metadata,
    Column("model", String(64), primary_key=True),
    Column("chunk", Integer, primary_key=True, autoincrement=False),
    Column("claimed_at", DateTime(timezone=True), nullable=False),
)
