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

import bisect
import contextlib
import ctypes
import logging
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np
from sqlalchemy import Engine, func, select

from store.lifecycle import forgotten
from store.records import Scope
from store.schema import documents, passages
from store.search.index_file import IndexFiles
from store.search.postings import TOKEN, Rows
from store.search.scoring import fts5_idf, length_norm
from store.search.segment import Segment, from_rows
from store.search.vocabulary import SortedTerms

REFRESH_SECONDS = 2.0  # how stale an answer can be: new passages are read this often
MAX_SEGMENTS = 8  # extra segments beyond this are folded into one
REBUILD_SHARE = 0.2  # ...and everything is rebuilt once they hold this share of the first
REBUILD_FLOOR = 1_000  # (and at least this many passages)
LOOKBACK_IDS = 20_000  # PostgreSQL: ids this far below the newest read are checked again
DENSE_SHARE = 3  # postings under 1/3 of a segment's rows are merged (faster than a scan)
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Snapshot:
    """One consistent state of the index; replaced whole, never changed, so queries in
    other threads need no lock."""

    segments: tuple[Segment, ...]
    scopes: tuple[tuple[str, str], ...]
    df: dict[str, int]
    vocabulary: list[str]  # sorted, for typo correction
    total: int  # live passages
    mean_length: float
    through: int  # newest passage id read
    documents_by_scope: dict[int, int]  # scope index -> documents with live passages
    # A first segment opened from the saved index keeps its terms and their frequencies
    # in mapped arrays (store/search/vocabulary.py); `df` and `vocabulary` then hold the others.
    base: SortedTerms | None = None
    base_df: np.ndarray | None = None

    def frequency(self, term: str) -> int:
        found = self.df.get(term, 0)
        if self.base is not None and (index := self.base.get(term)) is not None:
            found += int(self.base_df[index])
        return found

    def words_between(self, low: str, high: str, limit: int) -> list[tuple[str, int]]:
        """The indexed terms t with low <= t < high (the first `limit`), with frequencies.
        A saved segment's terms in the span are contiguous ids, so their frequencies are
        one slice of its counts, not a search per term."""
        words = self.vocabulary
        start, end = bisect.bisect_left(words, low), bisect.bisect_left(words, high)
        found = {t: self.df[t] for t in words[start : min(end, start + limit)]}
        if self.base is not None:
            first, last = self.base.span(low, high)
            last = min(last, first + limit)
            counts = self.base_df[first:last].tolist()
            for term, count in zip(self.base.between(first, last), counts, strict=True):
                found[term] = found.get(term, 0) + count
        return sorted(found.items())[:limit]

    def document_count(self, scope: Scope) -> int:
        allowed = self.allowed(scope)
        return sum(n for key, n in self.documents_by_scope.items() if allowed[key])

    def allowed(self, scope: Scope) -> np.ndarray:
        channel = scope.channel or ""
        return np.array(
            [w == scope.workspace and c in ("", channel) for w, c in self.scopes], dtype=bool
        )


class MemoryIndex:
    """The candidate index of one database, kept fresh by a background thread."""

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

    # -- life cycle --------------------------------------------------------

    def start(self) -> None:
        """Build in the background, then keep refreshing until stop()."""
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
            current = self._base(rebuild=current is not None, build=build)
            if current is None:
                return
            self.snapshot = current
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
            self.snapshot = _snapshot((base, folded) if folded else (base,), scopes)
        else:
            self.snapshot = _snapshot((*current.segments, segment), scopes, current)

    def forget_documents(self, document_ids: set[int]) -> None:
        """Stop offering these documents' passages now (in the process that forgot them)."""
        current = self.snapshot
        if current is None or not document_ids:
            return
        gone = np.fromiter(document_ids, dtype=np.int64)
        segments = tuple(
            replace(s, alive=s.alive & ~np.isin(s.documents, gone)) for s in current.segments
        )
        self.snapshot = _alive_only(current, segments)

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
        built = _snapshot((segment,) if segment else (), scopes)
        _release_freed_heap()
        return built

    def _opened(self, segment: Segment, scopes: tuple[tuple[str, str], ...]) -> Snapshot:
        """A saved segment as a snapshot, its passages deleted since the save masked."""
        opened = _snapshot((segment,), scopes)
        with self.engine.connect() as conn:
            older = passages.c.id <= segment.through
            count = conn.execute(select(func.count()).select_from(passages).where(older))
        return self._mask_deleted(opened) if count.scalar_one() < opened.total else opened

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
        return _alive_only(current, segments)

    # -- queries -----------------------------------------------------------

    def match_any(
        self, snapshot: Snapshot, terms: Sequence[str], scope: Scope, limit: int, figures_only: bool
    ) -> list[tuple[int, float]]:
        """(passage id, BM25) of the best `limit` passages holding any of `terms`."""
        tokens = list(dict.fromkeys(t for term in terms for t in TOKEN.findall(term)))
        weights = {t: fts5_idf(snapshot.frequency(t), snapshot.total) for t in tokens}
        allowed = snapshot.allowed(scope)
        found_ids, found_scores = [], []
        for segment in snapshot.segments:
            only = segment.figures if figures_only else None
            scored = _score_segment(segment, weights, snapshot.mean_length, only)
            if scored is None:
                continue
            rows, scores = scored
            keep = segment.alive[rows] & allowed[segment.scopes[rows]]
            found_ids.append(segment.ids[rows[keep]])
            found_scores.append(scores[keep])
        if not found_ids:
            return []
        ids, scores = np.concatenate(found_ids), np.concatenate(found_scores)
        if len(ids) > limit:
            top = np.argpartition(-scores, limit - 1)[:limit]
            ids, scores = ids[top], scores[top]
        order = np.lexsort((ids, -scores))
        return [(int(ids[i]), float(scores[i])) for i in order]

    @staticmethod
    def document_frequencies(snapshot: Snapshot, terms: Iterable[str]) -> dict[str, int]:
        return {t: snapshot.frequency(t) for t in terms}

    @staticmethod
    def vocabulary_between(
        snapshot: Snapshot, low: str, high: str, limit: int
    ) -> list[tuple[str, int]]:
        return snapshot.words_between(low, high, limit)


def _alive_only(current: Snapshot, segments: tuple[Segment, ...]) -> Snapshot:
    """`current` with `segments` (the same rows, fewer alive): its totals recounted."""
    total = sum(int(s.alive.sum()) for s in segments)
    return replace(current, segments=segments, total=total, documents_by_scope=_documents(segments))


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


def _snapshot(
    segments: tuple[Segment, ...],
    scopes: tuple[tuple[str, str], ...],
    previous: Snapshot | None = None,
) -> Snapshot:
    """Frequencies, vocabulary and length statistics over `segments`; when they are
    `previous`'s plus one, only the new one is counted."""
    grown = previous is not None and segments[:-1] == previous.segments
    df = dict(previous.df) if grown else {}
    saved = segments[0] if segments and isinstance(segments[0].terms, SortedTerms) else None
    for segment in segments[-1:] if grown else segments:
        if segment is saved:
            continue  # its frequencies stay in its mapped arrays
        counts = np.diff(segment.offsets)
        for term, index in segment.terms.items():
            df[term] = df.get(term, 0) + int(counts[index])
    total = sum(int(s.alive.sum()) for s in segments)
    tokens = sum(float(s.lengths[s.alive].sum()) for s in segments)
    through = max((int(s.ids[-1]) for s in segments if len(s.ids)), default=0)
    mean = tokens / max(total, 1)
    base_df = np.diff(saved.offsets) if saved is not None else None
    base = saved.terms if saved is not None else None
    return Snapshot(
        segments, scopes, df, sorted(df), total, mean, through, _documents(segments), base, base_df
    )


def _documents(segments: Iterable[Segment]) -> dict[int, int]:
    """Documents with a live passage, per scope index (a document has one scope)."""
    keys = [(s.scopes[s.alive].astype(np.int64) << 40) | s.documents[s.alive] for s in segments]
    if not keys:
        return {}
    scope_of_document = np.unique(np.concatenate(keys)) >> 40
    found, counts = np.unique(scope_of_document, return_counts=True)
    return dict(zip(found.tolist(), counts.tolist(), strict=True))


def _merged(parts: list[tuple[np.ndarray, float]]) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of the parts (each sorted), with the sum of their weights. A
    stable argsort of sorted runs is a merge (~4x faster than np.unique's quicksort)."""
    every = np.concatenate([rows for rows, _ in parts])
    weight = np.concatenate([np.full(len(rows), w) for rows, w in parts])
    order = np.argsort(every, kind="stable")
    every, weight = every[order], weight[order]
    first = np.empty(len(every), dtype=bool)
    first[0] = True
    np.not_equal(every[1:], every[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    return every[starts], np.add.reduceat(weight, starts).astype(np.float32)


def _score_segment(
    segment: Segment, weights: dict[str, float], mean_length: float, only: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray] | None:
    """Rows holding any weighted term (and true in `only`), with their BM25 (term
    frequency one). Masking each term's rows first leaves fewer to sum: /figures asks
    only for the third of passages that give a figure."""
    parts = [(rows, w) for t, w in weights.items() if (rows := segment.rows(t)) is not None]
    if only is not None:
        parts = [(rows[only[rows]], w) for rows, w in parts]
    parts = [(rows, w) for rows, w in parts if len(rows)]
    if not parts:
        return None
    postings = sum(len(rows) for rows, _ in parts)
    if postings * DENSE_SHARE < len(segment.ids):  # few postings: merge them, skip the scan
        rows, total = _merged(parts)
    else:  # many: add into one array the size of the segment
        dense = np.zeros(len(segment.ids), dtype=np.float32)
        for rows, weight in parts:  # a term lists each row once, so += is safe
            dense[rows] += weight
        rows = np.flatnonzero(dense).astype(np.int32)
        total = dense[rows]
    return rows, total * length_norm(segment.lengths[rows], mean_length)
