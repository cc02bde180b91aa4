"""The tables, in SQLAlchemy Core. One schema for SQLite and PostgreSQL."""

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
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

SCHEMA_VERSION = 1

metadata = MetaData()

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

# Slack events already handled: a retried delivery (same event_id) is answered once.
slack_events = Table(
    "slack_events",
    metadata,
    Column("event_id", String(64), primary_key=True),
    Column("received_at", DateTime(timezone=True), nullable=False),
)

# Signatures of the slash commands and interactions already run: a second delivery of the
# same signed request within Slack's 5-minute window is a replay (Slack never resends those).
slack_requests = Table(
    "slack_requests",
    metadata,
    Column("signature", String(64), primary_key=True),
    Column("received_at", DateTime(timezone=True), nullable=False),
)

# -- the daily digest and watches ---------------------------------------------------------

# One row per channel and local day: the replica whose INSERT wins posts that day's digest.
digest_runs = Table(
    "digest_runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("channel", String(64), nullable=False),
    Column("local_date", Date, nullable=False),
    Column("status", String(16), nullable=False),  # posting | posted | failed | quiet
    Column("ts", String(32)),  # the top-level message's ts, once posted
    Column("attempts", Integer, nullable=False, default=0),
    Column("error", Text),
    # When the row was claimed, or taken over once a 'posting' claim outlived its lease.
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    UniqueConstraint("channel", "local_date", name="uq_digest_runs_channel_date"),
)

# Set from Slack (/factdesk digest here 09:00, /factdesk digest off); wins over the environment.
digest_settings = Table(
    "digest_settings",
    metadata,
    Column("channel", String(64), primary_key=True),
    Column("workspace", String(64), nullable=False),
    Column("time", String(5), nullable=False),  # HH:MM, local
    Column("timezone", String(64), nullable=False),  # IANA name
    Column("enabled", Boolean, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

watches = Table(
    "watches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workspace", String(64), nullable=False),
    Column("channel", String(64), nullable=False),
    Column("kind", String(16), nullable=False),  # who | claim | figures
    Column("query", Text, nullable=False),
    Column("thread_ts", String(32)),  # the watch's thread, from its first hit
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_watches_workspace", "workspace"),
)

# One row per watch and document: a document alerts a watch once, whichever replica sees it.
watch_hits = Table(
    "watch_hits",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("watch_id", Integer, ForeignKey("watches.id", ondelete="CASCADE"), nullable=False),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("watch_id", "document_id", name="uq_watch_hits_watch_document"),
)

# Every /claim answered by a transport: what the digest reports as checked.
claim_log = Table(
    "claim_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workspace", String(64), nullable=False),
    Column("channel", String(64), nullable=False, default=""),
    Column("query", Text, nullable=False),
    Column("result", String(16), nullable=False),  # nothing | differs | supports | related
    Column("summary", Text, nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_claim_log_created", "created_at"),
)

# -- links and feeds -----------------------------------------------------------------------

# A feed followed by a channel (or by the CLI: channel ""). Entries are indexed in the
# channel when `fenced` (a private channel, or --channel), else workspace-wide.
feeds = Table(
    "feeds",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workspace", String(64), nullable=False),
    Column("channel", String(64), nullable=False, default=""),
    Column("fenced", Boolean, nullable=False, default=False),
    Column("url", Text, nullable=False),
    Column("title", Text),
    Column("etag", Text),
    Column("last_modified", Text),
    # The next poll is due then; the replica whose UPDATE moves it forward polls.
    Column("due_at", DateTime(timezone=True), nullable=False),
    Column("polled_at", DateTime(timezone=True)),
    # When the feed itself was last read: a poll that only works off waiting entries skips it.
    Column("fetched_at", DateTime(timezone=True)),
    Column("status", Text),  # the last poll's outcome, one line
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("workspace", "channel", "url", name="uq_feeds_channel_url"),
)

# One row per feed and entry (its id, else its link): an entry is fetched once, by the
# replica whose UPDATE moves it from 'pending' to 'fetching'.
feed_entries = Table(
    "feed_entries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("feed_id", Integer, ForeignKey("feeds.id", ondelete="CASCADE"), nullable=False),
    Column("entry_key", String(64), nullable=False),  # sha256 of the entry's id or link
    Column("link", Text, nullable=False),
    Column("title", Text),
    # pending | fetching | indexed | unchanged | shared | failed
    Column("status", String(16), nullable=False),
    Column("document_id", Integer),
    Column("reason", Text),
    Column("seen_at", DateTime(timezone=True), nullable=False),
    Column("claimed_at", DateTime(timezone=True)),
    Column("attempts", Integer, nullable=False, default=0),  # fetches that failed and may pass
    UniqueConstraint("feed_id", "entry_key", name="uq_feed_entries_feed_key"),
    Index("ix_feed_entries_status", "feed_id", "status", "id"),
)

# One row per link and place it is indexed in: an article in several feeds is fetched once.
feed_links = Table(
    "feed_links",
    metadata,
    Column("workspace", String(64), primary_key=True),
    Column("channel", String(64), primary_key=True),
    Column("link_key", String(64), primary_key=True),  # sha256 of the link
    Column("entry_id", Integer, nullable=False),
    Column("claimed_at", DateTime(timezone=True), nullable=False),
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

# -- meaning ---------------------------------------------------------------------------------

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
