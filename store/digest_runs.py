"""Digest runs: one row per channel and local day, posted exactly once across replicas.

The INSERT that succeeds wins the day (the others get False). A row left 'posting' by a
replica that died is taken over by a conditional UPDATE, which likewise matches for one
replica only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from store.concept import Concept, now
from store.rows import utc
from store.schema import digest_runs


@dataclass(frozen=True)
class DigestRun:
    channel: str
    local_date: dt.date
    status: str  # posting | posted | failed | quiet
    ts: str | None
    attempts: int
    error: str | None
    started_at: dt.datetime
    finished_at: dt.datetime | None


def _run(row) -> DigestRun:
    finished = utc(row.finished_at) if row.finished_at else None
    return DigestRun(
        row.channel,
        row.local_date,
        row.status,
        row.ts,
        row.attempts,
        row.error,
        utc(row.started_at),
        finished,
    )


def _this(channel: str, local_date: dt.date) -> tuple:
    return digest_runs.c.channel == channel, digest_runs.c.local_date == local_date


class DigestRuns(Concept):
    """The `digest_runs` table: `store.digests`."""

    def claim_run(self, channel: str, local_date: dt.date) -> bool:
        """True for the one caller whose row for (channel, local_date) is the first."""
        row = {"channel": channel, "local_date": local_date, "status": "posting"}
        try:
            with self.engine.begin() as conn:
                conn.execute(digest_runs.insert().values(**row, attempts=0, started_at=now()))
        except IntegrityError:
            return False
        return True

    def take_over_run(
        self, channel: str, local_date: dt.date, lease: dt.timedelta
    ) -> DigestRun | None:
        """The row, claimed again, when it has been 'posting' for longer than `lease` since
        its claim (its replica died before finishing); None when it is fresh or finished.

        The UPDATE's WHERE is the lock: of replicas racing for one stale row, the first
        resets `started_at` and the others no longer match it (rowcount 0)."""
        moment = now()
        stale = digest_runs.c.started_at < self.as_stored(moment - lease)
        with self.engine.begin() as conn:
            taken = conn.execute(
                update(digest_runs)
                .where(*_this(channel, local_date), digest_runs.c.status == "posting", stale)
                .values(started_at=moment)
            ).rowcount
            if taken != 1:
                return None
            return _run(conn.execute(select(digest_runs).where(*_this(channel, local_date))).one())

    def update_run(self, channel: str, local_date: dt.date, **values) -> None:
        """Record progress: status, ts, attempts, error (finished_at set when not posting)."""
        if values.get("status", "posting") != "posting":
            values.setdefault("finished_at", now())
        with self.engine.begin() as conn:
            conn.execute(update(digest_runs).where(*_this(channel, local_date)).values(**values))

    def runs(self, channel: str) -> list[DigestRun]:
        """Every run for `channel`, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(digest_runs)
                .where(digest_runs.c.channel == channel)
                .order_by(digest_runs.c.local_date)
            )
            return [_run(row) for row in rows]

    def last_posted(self, channel: str, before: dt.date) -> DigestRun | None:
        """The latest run before `before` that posted (or was quiet)."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(digest_runs)
                .where(
                    digest_runs.c.channel == channel,
                    digest_runs.c.local_date < before,
                    digest_runs.c.status.in_(["posted", "quiet"]),
                )
                .order_by(digest_runs.c.local_date.desc())
                .limit(1)
            ).first()
            return _run(row) if row else None
