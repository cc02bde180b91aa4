"""Watches: a channel follows a person, a claim or a counted thing; new documents that touch
it become alerts, once per watch and document, and only where the document may be quoted."""

from __future__ import annotations

from collections.abc import Sequence

from handlers.analysis.counted import counted_group, topic_nouns
from handlers.analysis.names import match_query
from handlers.answers import Source, WatchAlert
from handlers.claim import claim
from handlers.format import as_written
from store import DocumentRow, Scope, Store
from store.visibility import admits
from store.watches import WatchRow

KINDS = ("who", "claim", "figures")
CLAIM_RESULTS = 20


def add(store: Store, scope: Scope, kind: str, query: str) -> str:
    """watch who NAME|claim "TEXT"|figures TOPIC – tell this channel when new documents touch it"""
    query = query.strip().strip("\"“”'").strip()
    if kind not in KINDS or not query:
        return 'Usage: watch who NAME | watch claim "TEXT" | watch figures TOPIC'
    row = store.watches.add(scope, kind, query)
    return f"Watch {row.id}: I'll post here when new documents touch {kind} “{query}”."


def listing(store: Store, scope: Scope) -> str:
    """watches – this channel's watches"""
    rows = store.watches.all(scope.workspace, scope.channel or "")
    if not rows:
        return "No watches in this channel. Add one: watch who NAME"
    return "\n".join(f"{r.id}. {r.kind} “{r.query}”" for r in rows)


def remove(store: Store, scope: Scope, text: str) -> str:
    """unwatch N – stop watch N"""
    if not text.strip().isdigit():
        return "Usage: unwatch N (see watches)"
    watch_id = int(text.strip())
    if store.watches.remove(scope, watch_id):
        return f"Watch {watch_id} removed."
    return f"No watch {watch_id} in this channel (see watches)."


def new_documents(store: Store, workspace: str, document_ids: Sequence[int]) -> list[WatchAlert]:
    """Alerts for watches that newly indexed documents match, each (watch, document) once
    across every process: the hit is recorded before it is returned."""
    if not document_ids:
        return []
    docs = store.reports.documents_by_id(document_ids)
    alerts = []
    for watch in store.watches.all(workspace):
        for doc in docs:
            if not admits(Scope(workspace, watch.channel), doc.workspace, doc.channel or ""):
                continue  # a private document alerts only its own channel
            detail = _matches(store, watch, doc)
            if detail and store.watches.record_hit(watch.id, doc.id):
                alerts.append(
                    WatchAlert(
                        watch.id,
                        watch.channel,
                        watch.kind,
                        watch.query,
                        Source.of(doc),
                        doc.id,
                        detail,
                    )
                )
    return alerts


def _matches(store: Store, watch: WatchRow, doc: DocumentRow) -> str:
    """What in `doc` matches the watch, for a person to read; "" when nothing does."""
    if watch.kind == "who":
        names = store.reports.names_in([doc.id]).get(doc.id, set())
        hits = match_query(watch.query, sorted(names), limit=3)
        return f"Mentions {', '.join(n for n, _ in hits)}." if hits else ""
    if watch.kind == "figures":
        nouns = topic_nouns(watch.query)
        groups = {counted_group(n) for n in nouns}
        found = [
            as_written(f)
            for f, _ in store.reports.figures_in([doc.id])
            if f.counts in nouns or (f.counts and counted_group(f.counts) in groups)
        ]
        return f"Figures: {'; '.join(dict.fromkeys(found))}." if found else ""
    answer = claim(store, watch.query, Scope(watch.workspace, watch.channel), CLAIM_RESULTS)
    for match in answer.results:
        if match.document.path == doc.path and match.document.title == doc.title:
            note = f" ({match.note})" if match.note else ""
            return f"{match.check}{note}, {match.score:.0f}/100: “{match.excerpt}”"
    return ""
