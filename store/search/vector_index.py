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

Visibility: each row carries its document's (workspace, channel); a query scans only the
rows its scope may see. Rows whose passage was deleted stay until the next rebuild
(candidates are read back from the database, so they are never shown).
"""

from __future__ import annotations

import logging
import math
import threading

import numpy as np
from sqlalchemy import Engine

from store.records import Scope
from store.search.vectors import SCAN_LIMIT, Vectors, unpack
from store.visibility import admits

REFRESH_SECONDS = 2.0
READ_BATCH = 50_000
EXACT_UNTIL = 100_000  # vectors; past this the index is an IVF
NLIST_PER = 4  # IVF cells per sqrt(n)
NPROBE = 64  # of ~4,000 cells at 1M vectors
TRAIN_PER_CELL = 40  # training vectors per IVF cell
REBUILD_GROWTH = 2.0  # an IVF trained on n vectors is rebuilt past this many times n
log = logging.getLogger(__name__)


def _faiss():
    import faiss  # the `meaning` extra; only a process with the model gets here

    faiss.omp_set_num_threads(1)  # one query at a time: more threads only contend
    return faiss


def sample_size(n: int) -> int:
    """Vectors an IVF for n is trained on (faiss wants 39 or more a cell)."""
    return int(NLIST_PER * math.sqrt(n)) * TRAIN_PER_CELL


def new_index(n: int, width: int, sample: np.ndarray | None = None):
    """An empty index for n vectors: exact below EXACT_UNTIL, else an IVF,SQ8 trained on
    `sample` (see the module doc)."""
    faiss = _faiss()
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
    """The vectors of one model, searchable by cosine; thread-safe."""

    def __init__(self, engine: Engine, model: str, width: int) -> None:
        self.engine, self.model, self.width = engine, model, width
        self.vectors = Vectors(engine)
        self.ready = threading.Event()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._reset()

    def _reset(self) -> None:
        self.index = build_index(np.zeros((0, self.width), dtype=np.float32))
        self.ids = np.zeros(0, dtype=np.int64)
        self.scopes = np.zeros(0, dtype=np.int32)
        self.scope_keys: dict[tuple[str, str], int] = {}
        self.through = 0
        self.trained_on = 0

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

    def refresh(self) -> int:
        """Read vectors stored since the last refresh; rebuild when stale. Rows added."""
        if self._stale():
            self._rebuild()
        added = 0
        with self.engine.connect() as conn:
            while rows := self.vectors.read_since(conn, self.model, self.through, READ_BATCH):
                self._append(rows)
                added += len(rows)
        return added

    def _stale(self) -> bool:
        """Rebuild when the stored vectors outgrew the index (past EXACT_UNTIL an exact
        one, a trained one REBUILD_GROWTH times what it was trained on) or many were
        deleted. Counted in the database, so a first read of 1M vectors goes straight into
        an IVF instead of a 1.5 GB exact index first."""
        n, stored = len(self.ids), self.vectors.count(self.model)
        shrunk = bool(n and stored < 0.8 * n)
        if self.trained_on:
            return stored > REBUILD_GROWTH * self.trained_on or shrunk
        return stored >= EXACT_UNTIL or shrunk

    def _rebuild(self) -> None:
        """Everything again from the database, a batch at a time into the new index (at
        1M vectors one float32 matrix of them all would be 1.5 GB, on top of the index's
        384 MB), then swapped in at once."""
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
            with self._lock:
                self._reset()
            return
        with self._lock:
            self.index = index
            self.ids, self.scopes = np.concatenate(ids), np.concatenate(scopes)
            self.scope_keys, self.through = fresh.scope_keys, fresh.through
            self.trained_on = len(self.ids) if n >= EXACT_UNTIL else 0

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
        matrix, ids, scopes = self._decode(rows)
        with self._lock:
            self.index.add(matrix)
            self.ids = np.concatenate([self.ids, ids])
            self.scopes = np.concatenate([self.scopes, scopes])
            self.through = max(self.through, int(rows[-1][0]))

    def search(self, vector: np.ndarray, scope: Scope, k: int) -> list[tuple[int, float]]:
        """The k passages nearest `vector` that `scope` may see: (passage id, cosine)."""
        faiss = _faiss()
        with self._lock:
            n = len(self.ids)
            if not n:
                return []
            allowed = self._allowed(scope)
            params = None
            if not allowed.all():
                mask = allowed[self.scopes]
                if not mask.any():
                    return []
                bitmap = np.packbits(mask, bitorder="little")
                selector = faiss.IDSelectorBitmap(n, faiss.swig_ptr(bitmap))
                params = self._params(selector)
            found, rows = self.index.search(vector.reshape(1, -1), min(k, n), params=params)
            return [
                (int(self.ids[r]), float(s))
                for s, r in zip(found[0], rows[0], strict=True)
                if r >= 0
            ]

    def _params(self, selector):
        faiss = _faiss()
        if self.trained_on:
            return faiss.SearchParametersIVF(sel=selector, nprobe=NPROBE)
        return faiss.SearchParameters(sel=selector)

    def _allowed(self, scope: Scope) -> np.ndarray:
        allowed = np.zeros(max(len(self.scope_keys), 1), dtype=bool)
        for (workspace, fence), key in self.scope_keys.items():
            allowed[key] = admits(scope, workspace, fence)
        return allowed


class ScannedVectors:
    """A one-shot command's nearest search: the stored vectors read into an index of its
    own, topped up at each query, while there are at most SCAN_LIMIT of them; past that
    it finds no nearest passages (the lexical candidates are still reranked by cosine)."""

    def __init__(self, engine: Engine, model: str, width: int) -> None:
        self.engine, self.model, self.width = engine, model, width
        self.index: VectorIndex | None = None

    def search(self, vector: np.ndarray, scope: Scope, k: int) -> list[tuple[int, float]]:
        if Vectors(self.engine).count(self.model) > SCAN_LIMIT:
            return []
        if self.index is None:
            self.index = VectorIndex(self.engine, self.model, self.width)
        self.index.refresh()
        return self.index.search(vector, scope, k)
