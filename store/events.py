"""First deliveries from Slack: the first process to record a key handles the request.

Slack retries an event it did not see acknowledged within 3 seconds, with the same
`event_id`; it never resends a slash command or an interaction, so a second request with
the same signature is a replay. A primary key (`slack_events.event_id`,
`slack_requests.signature`) decides, across processes and restarts, which delivery is the
first; the database is the only arbiter.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, Table, delete
from sqlalchemy.exc import IntegrityError, OperationalError

from store.concept import Concept, now
from store.engine import StoreError


class FirstDeliveries(Concept):
    """Keys seen once, in one table: `store.events` (event ids), `store.requests` (the
    signatures of slash commands and interactions, against replays)."""

    def __init__(self, engine: Engine, table: Table) -> None:
        super().__init__(engine)
        self.table = table
        (self.key,) = table.primary_key.columns

    def first_time(self, key: str) -> bool:
        """True the first time `key` is recorded, False for every later delivery."""
        try:
            with self.engine.begin() as conn:
                conn.execute(self.table.insert().values({self.key.name: key, "received_at": now()}))
        except IntegrityError:
            return False
        except OperationalError as exc:
            raise StoreError(f"the archive is busy or unreachable: {exc.orig}") from exc
        return True

    def forget_before(self, moment: dt.datetime) -> int:
        """Drop keys recorded before `moment` (Slack stops retrying an event after about 5
        minutes; a signature is refused as stale after 5 minutes)."""
        older = self.table.c.received_at < self.as_stored(moment)
        try:
            with self.engine.begin() as conn:
                return conn.execute(delete(self.table).where(older)).rowcount
        except OperationalError as exc:
            raise StoreError(f"the archive is busy or unreachable: {exc.orig}") from exc
