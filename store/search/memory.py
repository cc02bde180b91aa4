"""An in-memory candidate index for long-running processes (the Slack server, the console).

Why: SQLite FTS5 computes BM25 for every row matching the OR before it can sort, and
PostgreSQL ranks in SQL; at a million sentences either costs 40-250 ms a query. Here
the postings of every term are numpy arrays, so scoring the pruned OR of a query is a
few vectorised additions (a few ms at 1M sentences).

- Built from the database (`passages.terms`, the same stemmed terms the SQL indexes
  hold), in a background thread; until it is ready, the store answers from SQL.
- Segments: the first build is one segment; passages added later by any process are
  read into small extra segments by the refresher thread every REFRESH_SECONDS, so an
  answer is never staler than that. Extra segments are folded into one when there are
  more than MAX_SEGMENTS; everything is rebuilt when they outgrow a REBUILD_SHARE of the
  first.
- Deletions (a replaced document) are seen as a drop in the passage count; the dead
  rows are then masked. Candidates are still fetched from the database, so a passage
  deleted within the last few seconds is never shown either.
- Scores are BM25 with FTS5's constants (k1 1.2, b 0.75) and a term frequency of one
  (a sentence rarely repeats a word), the same order of candidates FTS5 gives.
- Visibility: every passage carries its document's (workspace, channel); a query only
  scores passages in its scope.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

import numpy as np
from sqlalchemy import Engine, func, select

from store.lifecycle import forgotten
from store.records import Scope
from store.schema import documents, passages
from store.search.heap import map_large_blocks
from store.search.index_file import IndexFiles
from store.search.postings import Rows
from store.search.protocol import Candidate
from store.search.segment import Segment, from_rows
from store.search.snapshot import Scopes, Snapshot, alive_only, snapshot_of

REFRESH_SECONDS = 2.0  # how stale an answer can be: new passages are read this often
MAX_SEGMENTS = 8  # extra segments beyond this are folded into one
REBUILD_SHARE = 0.2  # ...and everything is rebuilt once they hold this share of the first
REBUILD_FLOOR = 1_000  # (and at least this many passages)
LOOKBACK_IDS = 20_000  # PostgreSQL: ids this far below the newest read are checked again
log = logging.getLogger(__name__)


class MemoryIndex:
    """The candidate index of one database, kept fresh by a background thread."""

    name = "memory"

    def __init__(
        self, engine: Engine, refresh_seconds: float | None = None, files: IndexFiles | None = None
    ) -> None:
        self.engine, self.files = engine, files
        self.refresh_seconds = REFRESH_SECONDS if refresh_seconds is None else refresh_seconds
        # PostgreSQL hands out ids at insert, so a long transaction can commit an id below
        # one already read; SQLite has one writer at a time, so ids commit in order.
        self.lookback = 0 if engine.dialect.name == "sqlite" else LOOKBACK_IDS
        self.snapshot: Snapshot | None = None
        self.opened_from_file = False  # the first segment came from the saved index
        self._forgets_seen = -1  # the archive's forget stamp the snapshot reflects
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._on_ready: list[Callable[[], None]] = []

    # -- life cycle --------------------------------------------------------

    def start(self) -> None:
        """Build in the background, then keep refreshing until stop()."""
        map_large_blocks()  # each query's score arrays go back to the system when freed
        self._thread = threading.Thread(target=self._run, name="factdesk-memindex", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        alive = self._thread is not None and self._thread.is_alive()  # Ctrl-C mid-start
        if alive and self._thread is not threading.current_thread():
            self._thread.join(timeout=30)

    def wait_ready(self, timeout: float | None = None) -> bool:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.snapshot is None and not self._stop.is_set():
            if deadline is not None and time.monotonic() > deadline:
                return False
            time.sleep(0.02)
        return self.snapshot is not None

    @property
    def ready(self) -> bool:
        return self.snapshot is not None

    def when_ready(self, callback: Callable[[], None]) -> None:
        """Call `callback` once the first snapshot is there (now, if it already is)."""
        self._on_ready.append(callback)
        if self.snapshot is not None:
            callback()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.refresh()
            except Exception:  # a database hiccup must not end the refresher
                log.exception("memory index refresh failed; the database answers meanwhile")
            self._stop.wait(self.refresh_seconds)

    # -- building ----------------------------------------------------------

    def refresh(self, build: bool = True) -> None:
        """Read what changed since the last snapshot: the first time, open the saved index
        (or, when `build`, build it from the database and save it) and read what is new."""
        current = self.snapshot
        forgets = self._forgets()
        if current is None or _outgrown(current):
            first = current is None
            current = self._base(rebuild=not first, build=build)
            if current is None:
                return
            self.snapshot = current
            if first:
                for callback in self._on_ready:
                    callback()
        elif forgets != self._forgets_seen:  # another process forgot documents
            current = self.snapshot = self._mask_deleted(current)
        self._forgets_seen = forgets
        if not self.lookback and self._newest() <= current.through:
            return  # nothing written since (a replaced document always adds passages)
        floor = max(current.through - self.lookback, 0)
        known = _ids_above(current.segments, floor)
        segment, scopes = self._read(floor, known, dict.fromkeys(current.scopes))
        if segment is None:
            return
        with self.engine.connect() as conn:
            count = conn.execute(select(func.count()).select_from(passages)).scalar_one()
        if count < current.total + len(segment.ids):
            current = self._mask_deleted(current)
        if len(current.segments) > MAX_SEGMENTS:  # fold the extra segments into one
            base = current.segments[0]
            folded, scopes = self._read(
                max(base.through - self.lookback, 0), _ids_above((base,), 0), scopes
            )
            self.snapshot = snapshot_of((base, folded) if folded else (base,), scopes)
        else:
            self.snapshot = snapshot_of((*current.segments, segment), scopes, current)

    def forget_documents(self, document_ids: set[int]) -> None:
        """Stop offering these documents' passages now (in the process that forgot them)."""
        current = self.snapshot
        if current is None or not document_ids:
            return
        gone = np.fromiter(document_ids, dtype=np.int64)
        segments = tuple(
            replace(s, alive=s.alive & ~np.isin(s.documents, gone)) for s in current.segments
        )
        self.snapshot = alive_only(current, segments)

    def _forgets(self) -> int:
        with self.engine.connect() as conn:
            return forgotten(conn)

    def outgrown(self) -> bool:
        """Extra segments or deleted rows are past REBUILD_SHARE: the next refresh rebuilds."""
        return self.snapshot is not None and _outgrown(self.snapshot)

    def _base(self, rebuild: bool, build: bool) -> Snapshot | None:
        """The first segment: opened from the saved index when it fits this database, else
        built (one process of the machine at a time) and saved; None when there is none
        saved and `build` is false."""
        if self.files is None:
            return self._build() if build else None
        with self.files.building():
            saved = None if rebuild else self.files.load()
            if saved and saved[0].through <= self._newest():
                self.opened_from_file = True
                return self._opened(*saved)
            if not build:
                return None
            built = self._build()
            if built.segments:
                self.files.save(built.segments[0], built.scopes)
            return built

    def _build(self) -> Snapshot:
        _release_freed_heap()  # what earlier work (an ingest) freed, before the peak
        segment, scopes = self._read(0, np.empty(0, np.int64), {})
        built = snapshot_of((segment,) if segment else (), scopes)
        _release_freed_heap()
        return built

    def _opened(self, segment: Segment, scopes: Scopes) -> Snapshot:
        """A saved segment as a snapshot, its passages deleted since the save masked."""
        opened = snapshot_of((segment,), scopes)
        with self.engine.connect() as conn:
            # All rows less the few newer ones, not a count over `id <= through`: SQLite counts
            # a whole table from its smallest index (0.01 s at 1M passages) but walks the
            # table itself for a rowid range (0.35-0.55 s), most of a one-shot claim's open.
            count = conn.execute(select(func.count()).select_from(passages)).scalar_one()
            newer = passages.c.id > segment.through
            count -= conn.execute(select(func.count()).where(newer)).scalar_one()
        opened = self._mask_deleted(opened) if count < opened.total else opened
        _release_freed_heap()  # the statistics' temporaries: 16 MB of a worker's own at 1M
        return opened

    def _newest(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.max(passages.c.id))).scalar() or 0

    def _read(
        self, floor: int, known: np.ndarray, scopes: dict[tuple[str, str], None]
    ) -> tuple[Segment | None, tuple[tuple[str, str], ...]]:
        """A segment of the passages with id > floor that are not `known`, or None."""
        keys = {s: i for i, s in enumerate(scopes)}
        rows = Rows()
        with self.engine.connect() as conn:
            if known.size:  # only a lookback window: find what is missing first
                ids = conn.execute(select(passages.c.id).where(passages.c.id > floor))
                missing = np.setdiff1d(np.fromiter(ids.scalars(), np.int64), known)
                if not missing.size:
                    return None, tuple(keys)
                floor, wanted = int(missing[0]) - 1, set(missing.tolist())
            else:
                wanted = None
            result = conn.execute(
                select(
                    passages.c.id,
                    passages.c.document_id,
                    passages.c.terms,
                    passages.c.has_figure,
                    documents.c.workspace,
                    documents.c.channel,
                )
                .join(documents, documents.c.id == passages.c.document_id)
                .where(passages.c.id > floor)
                .order_by(passages.c.id)
                .execution_options(yield_per=10_000)
            )
            for pid, document, terms, has_figure, workspace, channel in result:
                if wanted is None or pid in wanted:
                    scope = keys.setdefault((workspace, channel), len(keys))
                    rows.add((pid, document, scope), terms, has_figure)
        segment = from_rows(rows) if len(rows.ids) else None
        return segment, tuple(keys)

    def _mask_deleted(self, current: Snapshot) -> Snapshot:
        with self.engine.connect() as conn:
            ids = conn.execute(select(passages.c.id).where(passages.c.id <= current.through))
            live = np.fromiter(ids.scalars(), dtype=np.int64)
        segments = tuple(
            replace(s, alive=s.alive & np.isin(s.ids, live, assume_unique=True))
            for s in current.segments
        )
        return alive_only(current, segments)

    # -- the CandidateSearch protocol: each answer from one snapshot -------

    def match_any(
        self, terms: Sequence[str], scope: Scope, limit: int = 200, figures_only: bool = False
    ) -> list[Candidate]:
        return self.snapshot.match_any(terms, scope, limit, figures_only)

    def document_frequencies(self, terms: Sequence[str]) -> dict[str, int]:
        return self.snapshot.document_frequencies(terms)

    def vocabulary_between(self, low: str, high: str, limit: int) -> list[tuple[str, int]]:
        return self.snapshot.vocabulary_between(low, high, limit)

    def passage_count(self) -> int:
        return self.snapshot.total

    def document_count(self, scope: Scope) -> int:
        return self.snapshot.document_count(scope)


def _release_freed_heap() -> None:
    """Hand the build's freed heap back to the system. glibc keeps it after the growing
    column arrays are freed (~40 MB of a server's RSS at a million sentences); where
    there is no glibc this does nothing."""
    with contextlib.suppress(AttributeError, OSError):
        ctypes.CDLL(None).malloc_trim(0)


def _ids_above(segments: Iterable[Segment], floor: int) -> np.ndarray:
    parts = [s.ids[np.searchsorted(s.ids, floor, side="right") :] for s in segments]
    return np.sort(np.concatenate(parts)) if parts else np.empty(0, np.int64)


def _outgrown(current: Snapshot) -> bool:
    """Extra segments and dead rows past REBUILD_SHARE of the first segment: rebuild."""
    base = len(current.segments[0].ids) if current.segments else 0
    extra = sum(len(s.ids) for s in current.segments[1:])
    dead = sum(int((~s.alive).sum()) for s in current.segments)
    return extra + dead > max(REBUILD_SHARE * base, REBUILD_FLOOR)
