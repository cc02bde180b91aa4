"""Slack event de-duplication: the first process to record an event_id handles it.

Slack retries an event it did not see acknowledged within 3 seconds, with the same
`event_id`. The primary key on `slack_events.event_id` decides, across processes
and restarts, which delivery is the first; the database is the only arbiter.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, delete
from sqlalchemy.exc import IntegrityError, OperationalError

from store.engine import StoreError
from store.schema import slack_events


def record_event(engine: Engine, event_id: str) -> bool:
    """True the first time `event_id` is recorded, False for every later delivery."""
    try:
        with engine.begin() as conn:
            conn.execute(
                slack_events.insert().values(event_id=event_id, received_at=dt.datetime.now(dt.UTC))
            )
    except IntegrityError:
        return False
    except OperationalError as exc:
        raise StoreError(f"the archive is busy or unreachable: {exc.orig}") from exc
    return True


def forget_events_before(engine: Engine, moment: dt.datetime) -> int:
    """Drop records older than `moment` (Slack stops retrying after about 5 minutes)."""
    if engine.dialect.name == "sqlite":
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    with engine.begin() as conn:
        return conn.execute(
            delete(slack_events).where(slack_events.c.received_at < moment)
        ).rowcount
