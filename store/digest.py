"""Digest runs, digest settings and the claim log: plain functions over an engine.

What must happen once across replicas (a day's digest, a watch's alert for one document)
is decided by a unique row: the INSERT that succeeds wins, the others get False. A digest
row left 'posting' by a replica that died is taken over by a conditional UPDATE, which
likewise matches for one replica only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, and_, delete, func, select, update
from sqlalchemy.exc import IntegrityError

from store import lifecycle
from store.records import FigureRow, PassageRow, Scope
from store.rows import FIGURE_COLUMNS, FIGURE_WIDTH, PASSAGE_COLUMNS, figure, passage, utc
from store.schema import (
    claim_log,
    digest_runs,
    digest_settings,
    documents,
    figures,
    mentions,
    passages,
    people,
)
from store.visibility import visible


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


@dataclass(frozen=True)
class DigestSetting:
    channel: str
    workspace: str
    time: str  # HH:MM
    timezone: str
    enabled: bool


@dataclass(frozen=True)
class ClaimLogRow:
    query: str
    channel: str | None
    result: str
    summary: str
    created_at: dt.datetime


@dataclass(frozen=True)
class PersonSeenRow:
    name: str
    mentions: int  # in the window
    documents: int  # in the window
    first_seen: dt.datetime  # the first visible document mentioning them, ever


def _bind(engine: Engine, moment: dt.datetime) -> dt.datetime:
    """SQLite stores naive UTC; compare with the same."""
    if engine.dialect.name == "sqlite":
        return moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# -- digest runs ---------------------------------------------------------------------------


def claim_run(engine: Engine, channel: str, local_date: dt.date) -> bool:
    """True for the one caller whose row for (channel, local_date) is the first."""
    try:
        with engine.begin() as conn:
            conn.execute(
                digest_runs.insert().values(
                    channel=channel,
                    local_date=local_date,
                    status="posting",
                    attempts=0,
                    started_at=_now(),
                )
            )
    except IntegrityError:
        return False
    return True


def take_over_run(
    engine: Engine, channel: str, local_date: dt.date, lease: dt.timedelta
) -> DigestRun | None:
    """The row, claimed again, when it has been 'posting' for longer than `lease` since its
    claim (its replica died before finishing); None when it is fresh or finished.

    The UPDATE's WHERE is the lock: of replicas racing for one stale row, the first resets
    `started_at` and the others no longer match it (rowcount 0)."""
    now = _now()
    this_row = (digest_runs.c.channel == channel, digest_runs.c.local_date == local_date)
    with engine.begin() as conn:
        taken = conn.execute(
            update(digest_runs)
            .where(
                *this_row,
                digest_runs.c.status == "posting",
                digest_runs.c.started_at < _bind(engine, now - lease),
            )
            .values(started_at=now)
        ).rowcount
        row = conn.execute(select(digest_runs).where(*this_row)).first() if taken == 1 else None
    return _run(row) if row else None


def update_run(engine: Engine, channel: str, local_date: dt.date, **values) -> None:
    """Record progress: status, ts, attempts, error (finished_at set when not posting)."""
    if values.get("status", "posting") != "posting":
        values.setdefault("finished_at", _now())
    with engine.begin() as conn:
        conn.execute(
            update(digest_runs)
            .where(digest_runs.c.channel == channel, digest_runs.c.local_date == local_date)
            .values(**values)
        )


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


def runs(engine: Engine, channel: str) -> list[DigestRun]:
    """Every run for `channel`, oldest first."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(digest_runs)
            .where(digest_runs.c.channel == channel)
            .order_by(digest_runs.c.local_date)
        )
        return [_run(row) for row in rows]


def last_posted(engine: Engine, channel: str, before: dt.date) -> DigestRun | None:
    with engine.connect() as conn:
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


# -- digest settings -----------------------------------------------------------------------


def set_digest(engine: Engine, setting: DigestSetting) -> None:
    """Replace the channel's setting (delete + insert: portable, one transaction)."""
    with engine.begin() as conn:
        conn.execute(delete(digest_settings).where(digest_settings.c.channel == setting.channel))
        conn.execute(
            digest_settings.insert().values(
                channel=setting.channel,
                workspace=setting.workspace,
                time=setting.time,
                timezone=setting.timezone,
                enabled=setting.enabled,
                updated_at=_now(),
            )
        )


def digest_settings_all(engine: Engine) -> list[DigestSetting]:
    with engine.connect() as conn:
        rows = conn.execute(select(digest_settings).order_by(digest_settings.c.channel))
        return [DigestSetting(r.channel, r.workspace, r.time, r.timezone, r.enabled) for r in rows]


# -- claim log -----------------------------------------------------------------------------


def log_claim(engine: Engine, scope: Scope, query: str, result: str, summary: str) -> None:
    with engine.begin() as conn:
        conn.execute(
            claim_log.insert().values(
                workspace=scope.workspace,
                channel=scope.channel or "",
                query=query,
                result=result,
                summary=summary,
                created_at=_now(),
            )
        )


def claims_between(
    engine: Engine, scope: Scope, since: dt.datetime, until: dt.datetime
) -> list[ClaimLogRow]:
    """Claims checked in the window, in the workspace, from anywhere the scope can see."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(claim_log)
            .where(
                visible(scope, claim_log),
                claim_log.c.created_at >= _bind(engine, since),
                claim_log.c.created_at < _bind(engine, until),
            )
            .order_by(claim_log.c.id)
        )
        return [
            ClaimLogRow(r.query, r.channel or None, r.result, r.summary, utc(r.created_at))
            for r in rows
        ]


# -- what the digest reports ---------------------------------------------------------------


def _window(engine: Engine, since: dt.datetime, until: dt.datetime):
    return and_(
        documents.c.ingested_at >= _bind(engine, since),
        documents.c.ingested_at < _bind(engine, until),
    )


def figures_between(
    engine: Engine, scope: Scope, since: dt.datetime, until: dt.datetime
) -> list[tuple[FigureRow, PassageRow]]:
    """Figures in visible documents indexed in the window."""
    return _figures_where(engine, visible(scope), _window(engine, since, until))


def _figures_where(engine: Engine, *where) -> list[tuple[FigureRow, PassageRow]]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(*FIGURE_COLUMNS, *PASSAGE_COLUMNS)
            .join(passages, passages.c.id == figures.c.passage_id)
            .join(documents, documents.c.id == figures.c.document_id)
            .where(*where)
            .order_by(figures.c.id)
        )
        pairs = [(figure(row), passage(row, FIGURE_WIDTH)) for row in rows]
        return lifecycle.marked_figures(conn, pairs)


def people_between(
    engine: Engine, scope: Scope, since: dt.datetime, until: dt.datetime
) -> list[PersonSeenRow]:
    """People mentioned in the window's documents, with when they were first seen at all."""
    first = (
        select(mentions.c.person_id, func.min(documents.c.ingested_at).label("first_seen"))
        .join(documents, documents.c.id == mentions.c.document_id)
        .where(visible(scope))
        .group_by(mentions.c.person_id)
        .subquery()
    )
    query = (
        select(
            people.c.name,
            func.count(mentions.c.id).label("n"),
            func.count(func.distinct(mentions.c.document_id)).label("docs"),
            func.min(first.c.first_seen).label("first_seen"),
        )
        .join(mentions, mentions.c.person_id == people.c.id)
        .join(documents, documents.c.id == mentions.c.document_id)
        .join(first, first.c.person_id == people.c.id)
        .where(visible(scope), _window(engine, since, until))
        .group_by(people.c.id, people.c.name)
    )
    with engine.connect() as conn:
        return [
            PersonSeenRow(r.name, r.n, r.docs, _as_datetime(r.first_seen))
            for r in conn.execute(query)
        ]


def _as_datetime(value) -> dt.datetime:
    """MIN() over a DateTime comes back as text from SQLite."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return utc(value)
