"""The tables, in SQLAlchemy Core. One schema for SQLite and PostgreSQL, one module per group
of tables under store/tables/; this is the one import point: importing it puts every table
in `metadata`."""

from __future__ import annotations

from store.tables import SCHEMA_VERSION, metadata
from store.tables.archive import (
    documents,
    figures,
    mentions,
    meta,
    passages,
    people,
    person_edits,
    retractions,
)
from store.tables.desk import (
    claim_log,
    digest_runs,
    digest_settings,
    slack_events,
    slack_requests,
    watch_hits,
    watches,
)
from store.tables.feeds import (
    feed_entries,
    feed_links,
    feeds,
)
from store.tables.meaning import (
    passage_vectors,
    vector_claims,
)

__all__ = [
    "SCHEMA_VERSION",
    "claim_log",
    "digest_runs",
    "digest_settings",
    "documents",
    "feed_entries",
    "feed_links",
    "feeds",
    "figures",
    "mentions",
    "meta",
    "metadata",
    "passage_vectors",
    "passages",
    "people",
    "person_edits",
    "retractions",
    "slack_events",
    "slack_requests",
    "vector_claims",
    "watch_hits",
    "watches",
]
