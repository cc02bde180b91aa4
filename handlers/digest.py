"""The daily digest: what changed in the sources, and which checks came up empty or differing."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from handlers.analysis.compare import group_key
from handlers.answers import ClaimAnswer, ClaimChecked, Digest, FigureGroup, PersonSeen, Source
from handlers.figures import spreads
from handlers.people import load_people
from handlers.said import Speakers
from store import Scope, Store
from store.reports import PersonSeenRow

MOST_MENTIONED = 5
NEW_PEOPLE = 10
DISAGREEMENTS = 8


def digest(store: Store, scope: Scope, since: dt.datetime, until: dt.datetime) -> Digest:
    """digest – what was indexed, which figures disagree, who is new, which checks failed"""
    docs = [d for d in store.documents.since(scope, since) if d.ingested_at < until]
    people = _unified(store, scope, store.reports.people_between(scope, since, until))
    new = sorted((p for p in people if p.first_seen >= since), key=lambda p: -p.mentions)
    most = sorted(people, key=lambda p: (-p.mentions, p.name))[:MOST_MENTIONED]
    result = Digest(
        since=since.astimezone(dt.UTC).isoformat(),
        until=until.astimezone(dt.UTC).isoformat(),
        documents=tuple(Source.of(d) for d in docs),
        disagreements=tuple(disagreements(store, scope, since, until)),
        new_people=tuple(_seen(p, True) for p in new[:NEW_PEOPLE]),
        most_mentioned=tuple(_seen(p, p.first_seen >= since) for p in most),
        claims=tuple(_claims(store, scope, since, until)),
        quiet=not docs,
        summary="",
    )
    return _with_summary(result)


def disagreements(
    store: Store, scope: Scope, since: dt.datetime, until: dt.datetime
) -> list[FigureGroup]:
    """Counted things with a figure in the window's documents on which the visible sources
    (old and new) give different figures."""
    fresh = store.reports.figures_between(scope, since, until)
    nouns = {f.counts for f, _ in fresh if f.counts}
    measures = {group_key(f)[1] for f, _ in fresh} - {""}
    every = store.figures.counting(nouns, scope, measures=measures)
    groups = spreads(every, nouns, speakers=Speakers(store, scope))
    return [g for g in groups if g.spread.sources > 1 and g.spread.low < g.spread.high][
        :DISAGREEMENTS
    ]


def _unified(store: Store, scope: Scope, rows: list[PersonSeenRow]) -> list[PersonSeenRow]:
    """Spelling variants counted as one person, as /who does ("Zelenskyy", "Zelensky")."""
    everyone = load_people(store, scope)
    merged: dict[str, PersonSeenRow] = {}
    for row in rows:
        found = everyone.cluster_of(row.name)
        if found is None and row.name not in everyone.rows:
            continue  # a lone surname /who attaches to no one
        name = found.canonical if found else row.name
        if (seen := merged.get(name)) is not None:
            row = PersonSeenRow(
                name,
                seen.mentions + row.mentions,
                max(seen.documents, row.documents),
                min(seen.first_seen, row.first_seen),
            )
        merged[name] = replace(row, name=name)
    return list(merged.values())


def _seen(row: PersonSeenRow, new: bool) -> PersonSeen:
    return PersonSeen(row.name, row.mentions, row.documents, new)


def _claims(store: Store, scope: Scope, since: dt.datetime, until: dt.datetime):
    seen = set()  # More and Share re-run a claim: report each query and result once
    for row in store.claims.between(scope, since, until):
        if row.result in ("nothing", "differs") and (row.query, row.result) not in seen:
            seen.add((row.query, row.result))
            yield ClaimChecked(row.query, row.result, row.summary, row.created_at.isoformat())


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else many or word + 's'}"


def _with_summary(found: Digest) -> Digest:
    parts = [_plural(len(found.documents), "new document")]
    if found.disagreements:
        parts.append(_plural(len(found.disagreements), "figure", "figures") + " in dispute")
    if found.new_people:
        parts.append(_plural(len(found.new_people), "new person", "new people"))
    if found.claims:
        parts.append(_plural(len(found.claims), "check") + " with nothing found or a difference")
    summary = "Quiet day: no new documents." if found.quiet else ", ".join(parts) + "."
    if found.quiet and found.claims:
        summary = summary[:-1] + "; " + parts[-1] + "."
    return replace(found, summary=summary)


def log_claim(store: Store, scope: Scope, answer: ClaimAnswer) -> None:
    """Remember a /claim answer for the next digest: nothing found, a difference, or the
    best match's check."""
    checks = [m.check for m in answer.results]
    if not checks:
        result, summary = "nothing", answer.message
    elif "differs" in checks:
        match = answer.results[checks.index("differs")]
        result, summary = "differs", f"{match.note} ({match.document.title})".strip()
    else:
        result, summary = checks[0], answer.results[0].document.title
    store.claims.log(scope, answer.query, result, summary)
