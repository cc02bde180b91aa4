"""Nearest passages by cosine, in memory, for long-running processes (servers, the console).

A candidate-search backend beside the lexical ones: built from `passage_vectors` (the
database is the only copy; this is rebuilt from it), in a background thread, and topped
up with vectors stored since by any process every REFRESH_SECONDS.

Why faiss (faiss-cpu), measured with real all-MiniLM-L6-v2 vectors of news sentences
(bench/vectors.py; numbers in the README): below EXACT_UNTIL vectors an exact inner-product
scan (IndexFlatIP, BLAS) costs a few ms and is exact; past it, an inverted file of
NLIST_PER cells per sqrt(n) with 8-bit scalar-quantised vectors (IVF,SQ8) scans NPROBE
cells, a percent of the archive: at 1M vectors 384 MB instead of 1.5 GB of float32 and a
few ms instead of ~150 ms, with recall@10 against exact search printed by the bench.
hnswlib and usearch build a graph (minutes at 1M on 2 cores, on every rebuild); faiss's
IVF trains on a sample in seconds and takes later additions without retraining, and its
bitmap selector applies the scope fence during the scan. /claim reranks every candidate
with its exact vector from the database, so the quantised scan only chooses candidates.

Saved and shared: a building process (a server's refresher, `factdesk embed`) saves the
index beside the database (store/search/vector_file.py) and every process opens that file
memory-mapped instead of building its own; vectors stored since the save are its tail, in
memory, topped up every REFRESH_SECONDS and folded into a new save past EXTEND_AT.

Visibility: each row carries its document's (workspace, channel); a query scans only the
rows its scope may see. Rows whose passage was deleted stay until the next rebuild
(candidates are read back from the database, so they are never shown).
"""

from __future__ import annotations

import contextlib
import logging
import math
import threading

import numpy as np
from sqlalchemy import Engine

from store.records import Scope
from store.search.vector_file import Saved, VectorFiles
from store.search.vector_parts import NPROBE, Part, build_threads, faiss_module
from store.search.vectors import Vectors, unpack
from store.visibility import admits

REFRESH_SECONDS = 2.0
READ_BATCH = 50_000
EXACT_UNTIL = 100_000  # vectors; past this the index is an IVF
NLIST_PER = 4  # IVF cells per sqrt(n)
TRAIN_PER_CELL = 40  # training vectors per IVF cell
REBUILD_GROWTH = 2.0  # an IVF trained on n vectors is rebuilt past this many times n
EXTEND_AT = 10_000  # vectors in the tail that a building process folds into a new save
log = logging.getLogger(__name__)
UNSEARCHED = (
    "meaning: the newest %s passages with a vector are not in the saved vector index and are "
    "searched by words only here; `factdesk embed` saves it"
)


def sample_size(n: int) -> int:
    """Vectors an IVF for n is trained on (faiss wants 39 or more a cell)."""
    return int(NLIST_PER * math.sqrt(n)) * TRAIN_PER_CELL


def new_index(n: int, width: int, sample: np.ndarray | None = None):
    """An empty index for n vectors: exact below EXACT_UNTIL, else an IVF,SQ8 trained on
    `sample` (see the module doc)."""
    faiss = faiss_module()
    if n < EXACT_UNTIL:
        return faiss.IndexFlatIP(width)
    nlist = int(NLIST_PER * math.sqrt(n))
    index = faiss.index_factory(width, f"IVF{nlist},SQ8", faiss.METRIC_INNER_PRODUCT)
    index.train(sample)
    index.nprobe = NPROBE
    return index


def build_index(vectors: np.ndarray):
    """`new_index` for these vectors, holding them."""
    n, width = vectors.shape
    sample = None
    if n >= EXACT_UNTIL:
        sample = vectors[np.random.default_rng(0).permutation(n)[: sample_size(n)]]
    index = new_index(n, width, sample)
    if n:
        index.add(vectors)
    return index


class VectorIndex:
    """The vectors of one model, searchable by cosine; thread-safe. `files`: where the
    index is saved (None: in memory only); `threads`: faiss threads for a build."""

    def __init__(
        self,
        engine: Engine,
        model: str,
        width: int,
        files: VectorFiles | None = None,
        threads: int = 1,
    ) -> None:
        self.engine, self.model, self.width = engine, model, width
        self.files, self.threads = files, threads
        self.vectors = Vectors(engine)
        self.ready = threading.Event()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self.opened: str | None = None  # the saved version mapped as the base
        self._seen: str | None = None  # the saved version last looked at
        self.tail_limit: int | None = None  # rows a one-shot command tops up at most
        self._told = False  # whether it said that the newest are not searched by meaning
        self._reset()

    def _reset(self) -> None:
        self.base = self.tail = Part.empty(self.width)
        self.scope_keys: dict[tuple[str, str], int] = {}
        self.through = self.base_through = 0
        self.trained_on = 0

    @property
    def index(self):
        return self.base.index

    @property
    def ids(self) -> np.ndarray:
        return np.concatenate([self.base.ids, self.tail.ids])

    def start(self) -> None:
        threading.Thread(target=self._run, name="factdesk-vectors", daemon=True).start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.refresh()
                self.ready.set()
            except Exception:  # the database is away: answer from what is held, try again
                log.warning("vector index: refresh failed", exc_info=True)
            self._stop.wait(REFRESH_SECONDS)

    def refresh(self, build: bool = True, extend_at: int | None = None) -> int:
        """Open a newer saved index; when `build`, rebuild a stale one or fold a tail of
        `extend_at` or more into a new save; then read vectors stored since. Rows added."""
        self.open_saved()
        if build and self._stale():
            self._renew(self._build)
        elif build and len(self.tail.ids) >= max(extend_at or EXTEND_AT, 1):
            self._renew(self._extended)
        return self._top_up()

    def open_saved(self) -> bool:
        """Map the saved index if it is newer than what is held; True when one is mapped."""
        name = self.files.current() if self.files else None
        if name and name != self._seen:
            self._seen = name
            saved = self.files.load(self.width)
            if saved is not None and (self.opened or saved.through >= self.base_through):
                self._adopt(saved)
        return self.opened is not None

    def _adopt(self, saved: Saved) -> None:
        base = Part(saved.index, saved.ids, saved.scopes, ivf=bool(saved.trained_on))
        with self._lock:
            self.base, self.tail = base, Part.empty(self.width)
            self.scope_keys = {pair: key for key, pair in enumerate(saved.scope_keys)}
            self.through = self.base_through = saved.through
            self.trained_on, self.opened = saved.trained_on, saved.name or None

    def _top_up(self) -> int:
        """Read the vectors stored since into the tail (a one-shot command: at most
        tail_limit; past it the newest are not searched by meaning). Rows added."""
        added, limit = 0, self.tail_limit
        with self.engine.connect() as conn:
            while limit is None or len(self.tail.ids) < limit:
                rows = self.vectors.read_since(conn, self.model, self.through, READ_BATCH)
                if not rows:
                    break
                self._append(rows)
                added += len(rows)
            if limit is not None and len(self.tail.ids) >= limit and not self._told:
                self._told = True
                left = self.vectors.count_since(conn, self.model, self.through)
                if left:
                    log.warning(UNSEARCHED, f"{left:,}")
        return added

    def _stale(self) -> bool:
        """Rebuild when the stored vectors outgrew the index (past EXACT_UNTIL an exact
        one, a trained one REBUILD_GROWTH times what it was trained on), many were
        deleted, the index is ahead of the database, or a process that saves holds no base
        yet. Counted in the database, so a first read of 1M vectors goes straight into an
        IVF instead of a 1.5 GB exact index first."""
        n, stored = len(self.base.ids) + len(self.tail.ids), self.vectors.count(self.model)
        if self.through and self.through > self.vectors.newest():
            log.warning(
                "the vector index holds vectors the database does not; "
                "reading them from the database again"
            )
            return True
        if not len(self.base.ids) and stored and (self.files or stored >= EXACT_UNTIL):
            return True
        shrunk = bool(n and stored < 0.8 * n)
        if self.trained_on:
            return stored > REBUILD_GROWTH * self.trained_on or shrunk
        return stored >= EXACT_UNTIL or shrunk

    def _renew(self, make) -> None:
        """A new base from `make`, saved and mapped back (so this process shares the
        file's pages too) or, when it cannot be saved, held in memory. One process of the
        machine builds at a time; one that waited opens what the other saved."""
        lock = self.files.building() if self.files else contextlib.nullcontext()
        with lock:
            before = self._seen
            if self.open_saved() and self._seen != before and not self._stale():
                return  # another process saved while this one waited: that is the index
            with build_threads(self.threads):
                built = make()
            if built is None:
                with self._lock:
                    self._reset()
                return
            name = self.files.save(built, self.width) if self.files else None
            saved = self.files.load(self.width) if name else None
            self._seen = name or self._seen
            self._adopt(saved or built)

    def _build(self) -> Saved | None:
        """Everything again from the database, a batch at a time into the new index (at
        1M vectors one float32 matrix of them all would be 1.5 GB, on top of the index's
        384 MB)."""
        fresh = VectorIndex(self.engine, self.model, self.width)
        n = self.vectors.count(self.model)
        sample = self._sample(n) if n >= EXACT_UNTIL else None
        index = new_index(n, self.width, sample)
        del sample
        ids, scopes = [], []
        with self.engine.connect() as conn:
            while rows := fresh.vectors.read_since(conn, self.model, fresh.through, READ_BATCH):
                matrix, found, keys = fresh._decode(rows)
                index.add(matrix)
                ids.append(found)
                scopes.append(keys)
                fresh.through = int(rows[-1][0])
        if not ids:
            return None
        keys = tuple(fresh.scope_keys)
        trained = sum(map(len, ids)) if n >= EXACT_UNTIL else 0
        return Saved(
            "", index, np.concatenate(ids), np.concatenate(scopes), keys, fresh.through, trained
        )

    def _extended(self) -> Saved | None:
        """The base with the tail added: a private copy of the base (read from its file
        without mmap: a mapped index takes no additions), the tail's vectors added."""
        faiss = faiss_module()
        try:
            if self.opened:
                index = faiss.read_index(str(self.files.folder / self.opened / "index.faiss"))
            else:
                index = faiss.clone_index(self.base.index)
        except RuntimeError:  # its file went (another process saved since): all again
            return self._build()
        tail = self.tail
        index.add(tail.index.reconstruct_n(0, len(tail.ids)))
        ids = np.concatenate([self.base.ids, tail.ids])
        scopes = np.concatenate([self.base.scopes, tail.scopes])
        return Saved("", index, ids, scopes, tuple(self.scope_keys), self.through, self.trained_on)

    def _sample(self, n: int) -> np.ndarray:
        """About sample_size(n) stored vectors spread over the whole archive (every
        step-th row), for training an IVF: a first pass that keeps only those."""
        step, kept, through = max(1, n // sample_size(n)), [], 0
        with self.engine.connect() as conn:
            while rows := self.vectors.read_since(conn, self.model, through, READ_BATCH):
                chosen = [r for r in rows if r[0] % step == 0]
                kept.append(unpack([r[4] for r in chosen], [r[5] for r in chosen], self.width))
                through = int(rows[-1][0])
        return np.concatenate(kept) if kept else np.zeros((0, self.width), dtype=np.float32)

    def _decode(self, rows: list) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        matrix = unpack([r[4] for r in rows], [r[5] for r in rows], self.width)
        ids = np.fromiter((r[1] for r in rows), dtype=np.int64, count=len(rows))
        keys = [self.scope_keys.setdefault((r[2], r[3]), len(self.scope_keys)) for r in rows]
        return matrix, ids, np.asarray(keys, dtype=np.int32)

    def _append(self, rows: list) -> None:
        with self._lock:  # scope keys are read by searches
            matrix, ids, scopes = self._decode(rows)
            self.tail.index.add(matrix)
            self.tail = Part(
                self.tail.index,
                np.concatenate([self.tail.ids, ids]),
                np.concatenate([self.tail.scopes, scopes]),
            )
            self.through = max(self.through, int(rows[-1][0]))

    def search(self, vector: np.ndarray, scope: Scope, k: int) -> list[tuple[int, float]]:
        """The k passages nearest `vector` that `scope` may see: (passage id, cosine), from
        the base and the tail alike."""
        with self._lock:
            allowed = self._allowed(scope)
            found = self.base.search(vector, allowed, k) + self.tail.search(vector, allowed, k)
        return sorted(found, key=lambda pair: -pair[1])[:k]

    def _allowed(self, scope: Scope) -> np.ndarray:
        allowed = np.zeros(max(len(self.scope_keys), 1), dtype=bool)
        for (workspace, fence), key in self.scope_keys.items():
            allowed[key] = admits(scope, workspace, fence)
        return allowed
