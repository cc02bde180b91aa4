"""The tables, one module per group, all in one `metadata` (store/schema.py imports every
group, so `metadata.create_all` sees them all): `archive` (documents, their passages,
people, mentions and figures, editors' corrections, retractions), `desk` (what the bot
remembers: Slack deliveries, the digest, watches, the claim log), `feeds` (feeds, their
entries and links) and `meaning` (passage vectors and the chunks being embedded)."""

from __future__ import annotations

from sqlalchemy import MetaData

SCHEMA_VERSION = 1

metadata = MetaData()
