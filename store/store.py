"""The store: one object over one database, returning plain records."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence

import numpy as np
from sqlalchemy import Connection
from sqlalchemy.exc import OperationalError

from store import search
from store.cache import ByGeneration
from store.claim_log import ClaimLog
from store.concept import connect
from store.counted_things import CountedThings
from store.digest_runs import DigestRuns
from store.digest_settings import DigestSettings
from store.documents import Documents
from store.engine import (
    StoreError,
    create_tables,
    database_id,
    database_url,
    make_engine,
    require_archive,
)
from store.events import FirstDeliveries
from store.feeds import Feeds
from store.figures import Figures
from store.generations import Generations
from store.passages import Passages
from store.people import PersonRecords
from store.people_file import PeopleFiles
from store.records import Scope
from store.reports import Reports
from store.schema import slack_events, slack_requests
from store.search import Candidate, CandidateSearch
from store.search.index_file import IndexFiles
from store.search.memory import MemoryIndex
from store.search.vector_file import VectorFiles
from store.search.vector_index import VectorIndex
from store.search.vector_scan import ScannedVectors
from store.search.vectors import Vectors
from store.turns import Turn
from store.watches import Watches

PEOPLE_CACHED = 8  # scopes' People (handlers/who.py) kept built, the least recent dropped


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
        self._embedding: Turn | None = None  # see embeds_here
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
        self.documents = Documents(self.engine, self._forgotten)
        self.passages = Passages(self.engine)
        self.figures = Figures(self.engine)
        self.generations = Generations(self.engine)
        self.people_cache = ByGeneration(self.generations, PEOPLE_CACHED)
        self.counted = CountedThings(self.engine, self.generations)  # nouns figures count

    def embeds_here(self) -> bool:
        """Whether this server process embeds what is missing for the database on this
        machine (store/turns.py: one process at a time, the first to ask keeps the turn)."""
        if self._embedding is None:
            files = self._index_files()
            self._embedding = Turn(files.folder / "embed.lock" if files else None)
        return self._embedding.mine()

    def close(self) -> None:
        if self._embedding is not None:
            self._embedding.release()
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

    def people_files(self) -> PeopleFiles | None:
        """Where the clustered people are saved (store/people_file.py); None in memory."""
        files = self._index_files()
        return PeopleFiles.beside(files) if files else None

    def _index_files(self) -> IndexFiles | None:
        try:
            return IndexFiles.for_database(self.url, database_id(self.engine))
        except OperationalError as exc:
            raise StoreError(f"the archive is busy or unreachable: {exc.orig}") from exc

    def vector_files(self, model: str) -> VectorFiles | None:
        """Where the vector index is saved (store/search/vector_file.py); None in memory."""
        files = self._index_files()
        return VectorFiles.beside(files, model) if files else None

    def save_vector_index(self, model: str, width: int) -> tuple[int, bool]:
        """For `factdesk embed` and `index`: bring the saved vector index up to date (built
        on every core, this process answers nothing), so the processes that come next open
        it instead of building it. Its rows, and whether it is saved."""
        index = VectorIndex(
            self.engine, model, width, self.vector_files(model), os.cpu_count() or 1
        )
        index.refresh(extend_at=1)
        if len(index.tail.ids):  # stored since the save: now in a new one
            index.refresh(extend_at=1)
        return len(index.ids), index.opened is not None

    def start_vector_index(
        self, model: str, width: int, wait: bool = False, saved: bool = True
    ) -> None:
        """Answer nearest-by-meaning searches from memory: the saved index mapped, or built
        and saved (store/search/vector_index.py); `saved=False` builds from the database
        and keeps it in memory alone, as every process did before the file (bench.cold)."""
        if self.vector_index is None:
            files = self.vector_files(model) if saved else None
            self.vector_index = VectorIndex(self.engine, model, width, files)
            self.vector_index.start()
        if wait:
            self.vector_index.ready.wait()

    def nearest(
        self, model: str, vector: np.ndarray, scope: Scope, k: int
    ) -> list[tuple[int, float]]:
        """The k passages `scope` sees nearest `vector` by cosine: (passage id, cosine).
        Servers search their vector index; a one-shot command maps the saved one, else scans
        the stored vectors while there are at most SCAN_LIMIT (store/search/choice.py).
        What it finds is checked against the database's scope fence once more."""
        if self._scanned is None or self._scanned.model != model:
            self._scanned = ScannedVectors(
                self.engine, model, len(vector), self.vector_files(model)
            )
        found = search.choose_nearest(self.vector_index, self._scanned).search(vector, scope, k)
        seen = self.vectors.visible([pid for pid, _ in found], scope)
        return [(pid, cosine) for pid, cosine in found if pid in seen]

    def connect(self) -> Connection:
        return connect(self.engine)

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

    def _forgotten(self, ids: set[int]) -> None:
        if self.memory:
            self.memory.forget_documents(ids)


__all__ = ["Store", "StoreError"]
