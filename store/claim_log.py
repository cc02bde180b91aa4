"""The claim log: every /claim checked, for the next digest's "checks that found nothing
or a difference"."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from store.concept import Concept, now
from store.records import Scope
from store.rows import utc
from store.schema import claim_log
from store.visibility import visible


@dataclass(frozen=True)
class ClaimLogRow:
    query: str
    channel: str | None
    result: str
    summary: str
    created_at: dt.datetime


class ClaimLog(Concept):
    """The `claim_log` table: `store.claims`."""

    def log(self, scope: Scope, query: str, result: str, summary: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                claim_log.insert().values(
                    workspace=scope.workspace,
                    channel=scope.channel or "",
                    query=query,
                    result=result,
                    summary=summary,
                    created_at=now(),
                )
            )

    def between(self, scope: Scope, since: dt.datetime, until: dt.datetime) -> list[ClaimLogRow]:
        """Claims checked in the window, in the workspace, from anywhere the scope can see."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(claim_log)
                .where(
                    visible(scope, claim_log),
                    claim_log.c.created_at >= self.as_stored(since),
                    claim_log.c.created_at < self.as_stored(until),
                )
                .order_by(claim_log.c.id)
            )
            return [
                ClaimLogRow(r.query, r.channel or None, r.result, r.summary, utc(r.created_at))
                for r in rows
            ]
