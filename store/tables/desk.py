"""What the bot remembers of its work: Slack deliveries already handled, the daily digest's
runs and settings, watches and their hits, the claims it answered."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from store.tables import metadata

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
