"""Documents: added (one or a batch, each in one transaction), found, counted, forgotten
and retracted: `store.documents`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.exc import IntegrityError, OperationalError

from store import generations, lifecycle
from store.concept import Concept, now
from store.engine import retryable
from store.records import AddResult, DocumentRow, NewDocument, Scope, Stats
from store.rows import NEWEST_FIRST, document
from store.schema import documents, figures, mentions, passages
from store.visibility import visible
from store.writer import write_document, write_documents

WRITE_ATTEMPTS = 5


def _lost_race(error: IntegrityError | OperationalError) -> bool:
    """A unique path taken by a concurrent writer, or a PostgreSQL deadlock/serialization
    failure. On SQLite a path race shows as a plain IntegrityError (no SQLSTATE)."""
    if isinstance(error, IntegrityError) and "uq_documents_scope_path" in str(error.orig):
        return True
    if isinstance(error, IntegrityError) and "UNIQUE constraint failed: documents" in str(error):
        return True
    return retryable(error.orig)


class Documents(Concept):
    """The `documents` table and what hangs off it: `store.documents`. `forgotten` is told
    the ids of the documents this process forgot (the store's memory index drops them)."""

    def __init__(self, engine: Engine, forgotten: Callable[[set[int]], None]) -> None:
        super().__init__(engine)
        self.forgotten = forgotten

    # -- writing -----------------------------------------------------------

    def add(self, doc: NewDocument) -> AddResult:
        """Add, replace or skip one document, all in one transaction. A transaction that
        lost a race with another writer (same path, deadlock) runs again."""
        for attempt in range(WRITE_ATTEMPTS):
            try:
                with self.engine.begin() as conn:
                    result = write_document(conn, doc, now())
                    _bump_written(conn, [doc], [result])
                    return result
            except (IntegrityError, OperationalError) as exc:
                if attempt + 1 == WRITE_ATTEMPTS or not _lost_race(exc):
                    raise
        raise AssertionError("unreachable")

    def add_many(self, docs: Sequence[NewDocument]) -> list[AddResult]:
        """Add several documents in one transaction: bulk ingest pays one commit per batch
        instead of one per document. If the batch fails (a race with another writer, a
        busy database), each document is added again on its own, so one bad document
        costs only itself."""
        try:
            with self.engine.begin() as conn:
                results = write_documents(conn, docs, now())
                _bump_written(conn, docs, results)
                return results
        except (IntegrityError, OperationalError):
            return [self.add(doc) for doc in docs]

    # -- reading -----------------------------------------------------------

    def stats(self, scope: Scope, latest: int = 20) -> Stats:
        with self.connect() as conn:
            docs = select(documents.c.id).where(visible(scope)).subquery()

            def count(table) -> int:
                return conn.execute(
                    select(func.count())
                    .select_from(table)
                    .where(table.c.document_id.in_(select(docs.c.id)))
                ).scalar_one()

            n_docs = conn.execute(select(func.count()).select_from(docs)).scalar_one()
            n_people = conn.execute(
                select(func.count(func.distinct(mentions.c.person_id))).where(
                    mentions.c.document_id.in_(select(docs.c.id))
                )
            ).scalar_one()
            return Stats(
                documents=n_docs,
                passages=count(passages),
                people=n_people,
                mentions=count(mentions),
                figures=count(figures),
                latest=tuple(_latest(conn, scope, latest)),
            )

    def content_hash(self, scope: Scope, path: str) -> str | None:
        """The hash of what is indexed at `path` in exactly this scope, if anything."""
        with self.connect() as conn:
            return conn.execute(
                select(documents.c.content_hash).where(
                    documents.c.workspace == scope.workspace,
                    documents.c.channel == (scope.channel or ""),
                    documents.c.path == path,
                )
            ).scalar()

    def content_hashes(self, scope: Scope, paths: Sequence[str]) -> dict[str, str]:
        """content_hash for each of `paths` indexed in exactly this scope (bulk ingest)."""
        found: dict[str, str] = {}
        with self.connect() as conn:
            for start in range(0, len(paths), 500):
                rows = conn.execute(
                    select(documents.c.path, documents.c.content_hash).where(
                        documents.c.workspace == scope.workspace,
                        documents.c.channel == (scope.channel or ""),
                        documents.c.path.in_(list(paths[start : start + 500])),
                    )
                )
                found.update({path: digest for path, digest in rows})
        return found

    def since(self, scope: Scope, since: dt.datetime) -> list[DocumentRow]:
        """What `scope` sees that was indexed at or after `since`, oldest first."""
        since = self.as_stored(since)
        with self.connect() as conn:
            rows = conn.execute(
                select(*documents.c)
                .where(visible(scope), documents.c.ingested_at >= since)
                .order_by(documents.c.ingested_at)
            )
            return lifecycle.marked(conn, [document(row) for row in rows])

    # -- the life cycle: forget, retract -----------------------------------

    def find(
        self, workspace: str, channel: str | None, ref: str, under: bool = False
    ) -> list[DocumentRow]:
        """What `ref` (an id, a path or URL, or a folder when `under`) names."""
        with self.connect() as conn:
            return lifecycle.marked(
                conn, lifecycle.documents_at(conn, workspace, channel, ref, under)
            )

    def from_slack_file(self, workspace: str, file_id: str) -> list[DocumentRow]:
        """The documents indexed from one Slack file (see `lifecycle.slack_file_documents`)."""
        with self.connect() as conn:
            return lifecycle.slack_file_documents(conn, workspace, file_id)

    def forget(self, doc: DocumentRow) -> None:
        """Delete one document and all derived from it, in one transaction; this process's
        memory index stops offering it at once (others within their refresh)."""
        with self.engine.begin() as conn:
            lifecycle.forget(conn, doc)
        self.forgotten({doc.id})

    def retract(self, doc: DocumentRow, note: str | None) -> None:
        """Mark a document retracted (`note`), or lift the mark (None)."""
        with self.engine.begin() as conn:
            lifecycle.retract(conn, doc, note, now())


def _latest(conn: Connection, scope: Scope, limit: int) -> list[DocumentRow]:
    n_passages = (
        select(func.count())
        .where(passages.c.document_id == documents.c.id)
        .scalar_subquery()
        .label("n_passages")
    )
    rows = conn.execute(
        select(*documents.c, n_passages).where(visible(scope)).order_by(*NEWEST_FIRST).limit(limit)
    )
    return lifecycle.marked(conn, [replace(document(row), passages=row.n_passages) for row in rows])


def _bump_written(
    conn: Connection, docs: Sequence[NewDocument], results: Sequence[AddResult]
) -> None:
    """A generation step for each fence whose documents these writes changed."""
    changed = {
        (doc.scope.workspace, doc.scope.channel or "")
        for doc, result in zip(docs, results, strict=True)
        if result.status in ("added", "updated")
    }
    for workspace, channel in sorted(changed):
        generations.bump(conn, workspace, channel)
