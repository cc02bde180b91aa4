"""The archive: documents, their passages, the people they mention and the figures they
give, editors' corrections of people, retractions; and the store's own key-value row."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from store.tables import metadata

meta = Table(
    "factdesk_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", String(256), nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workspace", String(64), nullable=False),
    # "" means visible to the whole workspace; otherwise the one channel it may be quoted in.
    Column("channel", String(64), nullable=False, default=""),
    Column("path", Text, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("title", Text, nullable=False),
    Column("source", Text),
    Column("author", Text),
    Column("published", Date),
    Column("url", Text),
    Column("kind", String(16), nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("workspace", "channel", "path", name="uq_documents_scope_path"),
    Index("ix_documents_hash", "workspace", "content_hash"),
    Index("ix_documents_ingested", "ingested_at"),
)

passages = Table(
    "passages",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("paragraph", Integer, nullable=False),
    Column("position", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("terms", Text, nullable=False),
    Column("has_figure", Boolean, nullable=False, default=False),
    Index("ix_passages_document", "document_id", "position"),
    # Who the passage is attributed to; said_key is the person's name_key.
    Column("said_text", Text),
    Column("said_kind", String(16)),
    Column("said_person", String(256)),
    Column("said_key", String(256)),
    Index(  # covering: /who picks a person's newest statements from the index alone
        "ix_passages_said",
        "said_key",
        "document_id",
        "position",
        sqlite_where=text("said_key IS NOT NULL"),
        postgresql_where=text("said_key IS NOT NULL"),
    ),
)

people = Table(
    "people",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workspace", String(64), nullable=False),
    Column("key", String(256), nullable=False),
    Column("name", String(256), nullable=False),
    UniqueConstraint("workspace", "key", name="uq_people_workspace_key"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("passage_id", Integer, ForeignKey("passages.id", ondelete="CASCADE")),
    Column("spelling", String(256), nullable=False),
    Column("title", String(256), nullable=False, default=""),
    Column("bare", Boolean),  # a lone surname the document never completes
    # Covering: /who reads a person's mentions from the index alone (Store.mention_facts).
    # Databases made before it also keep the plain ix_mentions_person.
    Index(
        "ix_mentions_person_facts", "person_id", "document_id", "spelling", "title", "passage_id"
    ),
    Index("ix_mentions_document", "document_id"),
    # Covering for the people list (PersonRecords.names: counts, documents and bare mentions per
    # person): without `bare` in an index every mention was read from the table; at 1M
    # sentences (371,214 mentions) the list took 2.1 s, 0.6 s with it. A server reads it once
    # per generation; a one-shot claim that names a speaker reads it every time.
    Index("ix_mentions_person_names", "person_id", "document_id", "bare"),
)

figures = Table(
    "figures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("passage_id", Integer, ForeignKey("passages.id", ondelete="CASCADE"), nullable=False),
    Column("value", Float, nullable=False),
    Column("low", Float),
    Column("high", Float),
    Column("hedge", String(32), nullable=False),
    Column("counts", String(128), nullable=False),
    Column("unit", String(16), nullable=False, default=""),
    Column("text", Text, nullable=False),
    Column("said_text", Text),  # who the figure is attributed to
    Column("said_kind", String(16)),
    Column("said_person", String(256)),
    # What happened to what is counted (killed, missing...), and whether the
    # text withdraws or disputes the figure. Added to older databases by engine.py.
    Column("measure", String(32), nullable=False, default="", server_default=""),
    Column("status", String(16), nullable=False, default="", server_default=""),
    Index("ix_figures_counts", "counts"),  # (counts, id): /figures reads it newest first
    Index("ix_figures_passage", "passage_id"),
    Index("ix_figures_document", "document_id"),  # replacing a document deletes its figures
    Index("ix_figures_measure", "measure"),  # /figures deaths: every figure measuring killed
)

person_edits = Table(
    "person_edits",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workspace", String(64), nullable=False),
    Column("action", String(16), nullable=False),
    Column("a", String(256), nullable=False),
    Column("b", String(256), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# -- the archive's life cycle -----------------------------------------------------------------

# A document marked retracted or superseded: still searchable, every quote of it says so.
# Keyed by where it was indexed from, so re-indexing that file keeps the mark.
retractions = Table(
    "retractions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workspace", String(64), nullable=False),
    Column("channel", String(64), nullable=False, default=""),
    Column("path", Text, nullable=False),
    Column("note", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("workspace", "channel", "path", name="uq_retractions_scope_path"),
)
