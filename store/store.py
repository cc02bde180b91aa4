"""The store: one object over one database, returning plain records."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable, Sequence
from dataclasses import replace

import numpy as np
from sqlalchemy import Connection, func, select
from sqlalchemy.exc import IntegrityError, OperationalError

from store import generations, lifecycle, search
from store.cache import ByGeneration
from store.claim_log import ClaimLog
from store.concept import as_stored, connect
from store.digest_runs import DigestRuns
from store.digest_settings import DigestSettings
from store.engine import (
    StoreError,
    create_tables,
    database_id,
    database_url,
    make_engine,
    require_archive,
    retryable,
)
from store.events import FirstDeliveries
from store.feeds import Feeds
from store.generations import Generations
from store.people import PersonRecords
from store.records import (
    AddResult,
    DocumentRow,
    FigureRow,
    NewDocument,
    PassageRow,
    PassageTerms,
    Scope,
    Stats,
)
from store.reports import Reports
from store.rows import (
    FIGURE_COLUMNS,
    FIGURE_WIDTH,
    NEWEST_FIRST,
    PASSAGE_COLUMNS,
    document,
    figure,
    passage,
)
from store.schema import (
    documents,
    figures,
    mentions,
    passages,
    slack_events,
    slack_requests,
)
from store.search import Candidate, CandidateSearch
from store.search.index_file import IndexFiles
from store.search.memory import MemoryIndex
from store.search.vector_index import ScannedVectors, VectorIndex
from store.search.vectors import Vectors
from store.visibility import visible
from store.watches import Watches
from store.writer import write_document, write_documents

WRITE_ATTEMPTS = 5
PEOPLE_CACHED = 8  # scopes' People (handlers/who.py) kept built, the least recent dropped


def _lost_race(error: IntegrityError | OperationalError) -> bool:
    """A unique path taken by a concurrent writer, or a PostgreSQL deadlock/serialization
    failure. On SQLite a path race shows as a plain IntegrityError (no SQLSTATE)."""
    if isinstance(error, IntegrityError) and "uq_documents_scope_path" in str(error.orig):
        return True
    if isinstance(error, IntegrityError) and "UNIQUE constraint failed: documents" in str(error):
        return True
    return retryable(error.orig)


class Store:
    """Documents, passages, people and figures in one SQL database."""

    def __init__(self, url: str | None = None, create: bool = True) -> None:
        """`create=False` (read-only commands): refuse a database with no archive in it
        instead of creating one (see `require_archive`)."""
        self.url = database_url(url)
        self.engine = make_engine(self.url)
        if not create:
            require_archive(self.engine, self.url)
        create_tables(self.engine)
        # Candidate searches go to one backend (store/search/choice.py): the database's
        # own until the memory index is ready, then that, swapped in by its refresher.
        self._database = search.on_database(self.engine.dialect.name, self.connect)
        self.candidates: CandidateSearch = self._database
        self._memory: MemoryIndex | None = None
        self.vectors = Vectors(self.engine)  # sentence embeddings (store/search/vectors.py)
        self.vector_index: VectorIndex | None = None
        self._scanned: ScannedVectors | None = None  # a one-shot command's (see nearest)
        self.closed = threading.Event()  # background work for this store stops when set
        self._concepts()

    def _concepts(self) -> None:
        """Each stored concept, a class over this store's engine."""
        self.watches = Watches(self.engine)
        self.digests = DigestRuns(self.engine)
        self.digest_settings = DigestSettings(self.engine)
        self.claims = ClaimLog(self.engine)
        self.reports = Reports(self.engine)
        self.people = PersonRecords(self.engine)
        self.feeds = Feeds(self.engine)
        self.events = FirstDeliveries(self.engine, slack_events)  # Slack event ids
        self.requests = FirstDeliveries(self.engine, slack_requests)  # request signatures
        self.generations = Generations(self.engine)
        self.people_cache = ByGeneration(self.generations, PEOPLE_CACHED)

    def close(self) -> None:
        self.closed.set()
        if self.memory:
            self.memory.stop()
        if self.vector_index:
            self.vector_index.stop()
        self.engine.dispose()

    @property
    def memory(self) -> MemoryIndex | None:
        """The memory index, if this process keeps one (ready or still being built)."""
        return self._memory

    @memory.setter
    def memory(self, index: MemoryIndex | None) -> None:
        self._memory = index
        self.candidates = search.choose(self._database, index)
        if index is not None:
            index.when_ready(self._swap)

    def _swap(self) -> None:
        """The memory index has a snapshot: candidate searches go to it from now on."""
        self.candidates = search.choose(self._database, self._memory)

    def start_memory_index(self, wait: bool = False) -> None:
        """Answer candidate searches from memory once opened or built (store/search/memory.py,
        store/search/index_file.py), kept fresh in the background; for processes that answer many
        queries. `wait` blocks until it is ready."""
        if self.memory is None:
            index = MemoryIndex(self.engine, files=self._index_files())
            self.memory = index
            index.start()
        if wait:
            self.memory.wait_ready()

    def open_index(self, build: bool = False) -> bool:
        """For one-shot commands: answer from the saved candidate index, brought up to date
        now, with no background thread. Without a saved index it is built and saved only
        when `build`; otherwise (False) candidates come from the database."""
        if self.memory is None:
            index = MemoryIndex(self.engine, files=self._index_files())
            index.refresh(build=build)
            if build and index.outgrown():  # what is new since the save: save anew
                index.refresh(build=build)
            if index.snapshot is not None:
                self.memory = index
        return self.memory is not None

    def _index_files(self) -> IndexFiles | None:
        try:
            return IndexFiles.for_database(self.url, database_id(self.engine))
        except OperationalError as exc:
            raise StoreError(f"the archive is busy or unreachable: {exc.orig}") from exc

    def start_vector_index(self, model: str, width: int, wait: bool = False) -> None:
        """Answer nearest-by-meaning searches from memory (store/search/vector_index.py)."""
        if self.vector_index is None:
            self.vector_index = VectorIndex(self.engine, model, width)
            self.vector_index.start()
        if wait:
            self.vector_index.ready.wait()

    def nearest(
        self, model: str, vector: np.ndarray, scope: Scope, k: int
    ) -> list[tuple[int, float]]:
        """The k passages `scope` sees nearest `vector` by cosine: (passage id, cosine).
        Servers search their vector index; a one-shot command scans the stored vectors,
        while there are at most SCAN_LIMIT of them (store/search/choice.py)."""
        if self._scanned is None or self._scanned.model != model:
            self._scanned = ScannedVectors(self.engine, model, len(vector))
        return search.choose_nearest(self.vector_index, self._scanned).search(vector, scope, k)

    def connect(self) -> Connection:
        return connect(self.engine)

    # -- writing -----------------------------------------------------------

    def add_document(self, doc: NewDocument) -> AddResult:
        """Add, replace or skip one document, all in one transaction. A transaction that
        lost a race with another writer (same path, deadlock) runs again."""
        for attempt in range(WRITE_ATTEMPTS):
            try:
                with self.engine.begin() as conn:
                    result = write_document(conn, doc, dt.datetime.now(dt.UTC))
                    _bump_written(conn, [doc], [result])
                    return result
            except (IntegrityError, OperationalError) as exc:
                if attempt + 1 == WRITE_ATTEMPTS or not _lost_race(exc):
                    raise
        raise AssertionError("unreachable")

    def add_documents(self, docs: Sequence[NewDocument]) -> list[AddResult]:
        """Add several documents in one transaction: bulk ingest pays one commit per batch
        instead of one per document. If the batch fails (a race with another writer, a
        busy database), each document is added again on its own, so one bad document
        costs only itself."""
        try:
            with self.engine.begin() as conn:
                results = write_documents(conn, docs, dt.datetime.now(dt.UTC))
                _bump_written(conn, docs, results)
                return results
        except (IntegrityError, OperationalError):
            return [self.add_document(doc) for doc in docs]

    # -- documents ---------------------------------------------------------

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
                latest=tuple(self._latest(conn, scope, latest)),
            )

    def _latest(self, conn: Connection, scope: Scope, limit: int) -> list[DocumentRow]:
        n_passages = (
            select(func.count())
            .where(passages.c.document_id == documents.c.id)
            .scalar_subquery()
            .label("n_passages")
        )
        rows = conn.execute(
            select(*documents.c, n_passages)
            .where(visible(scope))
            .order_by(*NEWEST_FIRST)
            .limit(limit)
        )
        return lifecycle.marked(conn, [_with_count(document(row), row.n_passages) for row in rows])

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

    def documents_since(self, scope: Scope, since: dt.datetime) -> list[DocumentRow]:
        since = as_stored(self.engine, since)
        with self.connect() as conn:
            rows = conn.execute(
                select(*documents.c)
                .where(visible(scope), documents.c.ingested_at >= since)
                .order_by(documents.c.ingested_at)
            )
            return lifecycle.marked(conn, [document(row) for row in rows])

    # -- candidate search (store/search/) ---------------------------------

    def document_count(self, scope: Scope) -> int:
        return self.candidates.document_count(scope)

    def passage_count(self) -> int:
        return self.candidates.passage_count()

    def document_frequencies(self, terms: Sequence[str]) -> dict[str, int]:
        return self.candidates.document_frequencies(terms)

    def vocabulary_between(self, low: str, high: str, limit: int = 50_000) -> list[tuple[str, int]]:
        return self.candidates.vocabulary_between(low, high, limit)

    def match_any(
        self, terms: Sequence[str], scope: Scope, limit: int = 200, figures_only: bool = False
    ) -> list[Candidate]:
        return self.candidates.match_any(terms, scope, limit, figures_only)

    # -- passages and figures ----------------------------------------------

    def passages(self, ids: Sequence[int]) -> list[PassageRow]:
        """The passages with these ids, in the order given."""
        if not ids:
            return []
        with self.connect() as conn:
            rows = conn.execute(
                select(*PASSAGE_COLUMNS)
                .join(documents, documents.c.id == passages.c.document_id)
                .where(passages.c.id.in_(list(ids)))
            )
            by_id = {
                row.id: row for row in lifecycle.marked_passages(conn, list(map(passage, rows)))
            }
        return [by_id[i] for i in ids if i in by_id]

    def passage_terms(self, ids: Sequence[int]) -> list[PassageTerms]:
        """Place and terms of the passages with these ids (those that still exist), in the
        order given: what a rerank of a few hundred candidates reads."""
        if not ids:
            return []
        with self.connect() as conn:
            rows = conn.execute(
                select(
                    passages.c.id, passages.c.document_id, passages.c.position, passages.c.terms
                ).where(passages.c.id.in_(list(ids)))
            )
            by_id = {row[0]: PassageTerms(*row) for row in rows}
        return [by_id[i] for i in ids if i in by_id]

    def neighbours(self, rows: Iterable[PassageRow]) -> dict[tuple[int, int], str]:
        """Text of the passages just before and after each row, keyed by (document, position)."""
        wanted = {(r.document.id, r.position + d) for r in rows for d in (-1, 1)}
        if not wanted:
            return {}
        docs = {doc for doc, _ in wanted}
        positions = {pos for _, pos in wanted}
        with self.connect() as conn:
            found = conn.execute(
                select(passages.c.document_id, passages.c.position, passages.c.text).where(
                    passages.c.document_id.in_(docs), passages.c.position.in_(positions)
                )
            )
            return {(d, p): t for d, p, t in found if (d, p) in wanted}

    def figures_for(self, passage_ids: Sequence[int]) -> dict[int, list[FigureRow]]:
        result: dict[int, list[FigureRow]] = {}
        if not passage_ids:
            return result
        with self.connect() as conn:
            rows = conn.execute(
                select(figures)
                .where(figures.c.passage_id.in_(list(passage_ids)))
                .order_by(figures.c.id)
            )
            for row in rows:
                result.setdefault(row.passage_id, []).append(figure(row))
        return result

    def figures_counting(
        self, nouns: Iterable[str], scope: Scope, limit: int = 500, measures: Iterable[str] = ()
    ) -> list[tuple[FigureRow, PassageRow]]:
        """Figures whose counted noun is one of `nouns` or whose measure is one of
        `measures`: all of them up to `limit`, and past that the most recently indexed.
        Newest documents come first.

        Per noun, the (counts, id) index is read backwards until `limit` visible figures
        are found; sorting every figure of a noun the archive counts 40,000 times by its
        document's date cost ~25 ms at a million sentences, this ~2 ms."""
        ids: list[int] = []
        with self.connect() as conn:
            wanted = [figures.c.counts == noun for noun in sorted(set(nouns))]
            wanted += [figures.c.measure == m for m in sorted(set(measures))]
            for condition in wanted:
                ids += (
                    conn.execute(
                        select(figures.c.id)
                        .join(documents, documents.c.id == figures.c.document_id)
                        .where(condition, visible(scope))
                        .order_by(figures.c.id.desc())
                        .limit(limit)
                    )
                    .scalars()
                    .all()
                )
            if not ids:
                return []
            rows = conn.execute(
                select(*FIGURE_COLUMNS, *PASSAGE_COLUMNS)
                .join(passages, passages.c.id == figures.c.passage_id)
                .join(documents, documents.c.id == figures.c.document_id)
                .where(figures.c.id.in_(sorted(set(ids), reverse=True)[:limit]))
                .order_by(documents.c.published.desc().nulls_last(), figures.c.id)
            )
            pairs = [(figure(row), passage(row, FIGURE_WIDTH)) for row in rows]
            return lifecycle.marked_figures(conn, pairs)

    # -- people ------------------------------------------------------------

    # -- the life cycle: forget, retract -----------------------------------

    def find_documents(
        self, workspace: str, channel: str | None, ref: str, under: bool = False
    ) -> list[DocumentRow]:
        """What `ref` (an id, a path or URL, or a folder when `under`) names."""
        with self.connect() as conn:
            return lifecycle.marked(
                conn, lifecycle.documents_at(conn, workspace, channel, ref, under)
            )

    def forget(self, doc: DocumentRow) -> None:
        """Delete one document and all derived from it, in one transaction; this process's
        memory index stops offering it at once (others within their refresh)."""
        with self.engine.begin() as conn:
            lifecycle.forget(conn, doc)
        if self.memory:
            self.memory.forget_documents({doc.id})

    def slack_file_documents(self, workspace: str, file_id: str) -> list[DocumentRow]:
        """The documents indexed from one Slack file (see `lifecycle.slack_file_documents`)."""
        with self.connect() as conn:
            return lifecycle.slack_file_documents(conn, workspace, file_id)

    def retract(self, doc: DocumentRow, note: str | None) -> None:
        """Mark a document retracted (`note`), or lift the mark (None)."""
        with self.engine.begin() as conn:
            lifecycle.retract(conn, doc, note, dt.datetime.now(dt.UTC))


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


def _with_count(doc: DocumentRow, n: int) -> DocumentRow:
    return replace(doc, passages=n)


__all__ = ["Store", "StoreError"]
