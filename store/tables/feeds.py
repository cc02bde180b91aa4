"""Feeds a channel follows, their entries, and the links indexed from them."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
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
