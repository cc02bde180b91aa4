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

from store.engine import StoreError
from store.schema import slack_events, slack_requests


def record_event(engine: Engine, event_id: str) -> bool:
    """True the first time `event_id` is recorded, False for every later delivery."""
    return _first(engine, slack_events, event_id)


def record_request(engine: Engine, signature: str) -> bool:
    """True the first time a request with this signature is recorded, False for a replay."""
    return _first(engine, slack_requests, signature)


def forget_events_before(engine: Engine, moment: dt.datetime) -> int:
    """Drop records older than `moment` (Slack stops retrying after about 5 minutes)."""
    return _forget(engine, slack_events, moment)


def forget_requests_before(engine: Engine, moment: dt.datetime) -> int:
    """Drop signatures older than `moment` (a signature is refused as stale after 5 minutes)."""
    return _forget(engine, slack_requests, moment)


def _first(engine: Engine, table: Table, key: str) -> bool:
    (column,) = table.primary_key.columns
    row = {column.name: key, "received_at": dt.datetime.now(dt.UTC)}
    try:
        with engine.begin() as conn:
            conn.execute(table.insert().values(row))
    except IntegrityError:
        return False
    except OperationalError as exc:
        raise StoreError(f"the archive is busy or unreachable: {exc.orig}") from exc
    return True


def _forget(engine: Engine, table: Table, moment: dt.datetime) -> int:
    if engine.dialect.name == "sqlite":
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    try:
        with engine.begin() as conn:
            return conn.execute(delete(table).where(table.c.received_at < moment)).rowcount
    except OperationalError as exc:
        raise StoreError(f"the archive is busy or unreachable: {exc.orig}") from exc
