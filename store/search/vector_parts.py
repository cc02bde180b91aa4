"""faiss for the vector index: the module, its threads, and one searchable part of rows.

A VectorIndex (store/search/vector_index.py) is two parts: the base (opened from the saved
file, memory-mapped, or built in memory) and the tail (vectors stored since, in memory).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

NPROBE = 64  # of ~4,000 cells at 1M vectors
_THREADS = threading.Lock()
_FAISS: list = []


def faiss_module():
    """faiss (the `meaning` extra; only a process with vectors gets here), on one thread:
    one query at a time, more threads only contend."""
    if not _FAISS:
        import faiss

        faiss.omp_set_num_threads(1)
        _FAISS.append(faiss)
    return _FAISS[0]


@contextlib.contextmanager
def build_threads(count: int) -> Iterator[None]:
    """faiss on `count` threads while building (training an IVF, adding to it), then one
    again. faiss's thread count is process-wide: only a process that is not answering
    queries (`factdesk embed`, `factdesk index`) asks for more than one."""
    faiss = faiss_module()
    if count <= 1:
        yield
        return
    with _THREADS:
        faiss.omp_set_num_threads(count)
        try:
            yield
        finally:
            faiss.omp_set_num_threads(1)


@dataclass(frozen=True)
class Part:
    """Rows of one faiss index: row i is passage ids[i], of scope key scopes[i]."""

    index: object
    ids: np.ndarray
    scopes: np.ndarray
    ivf: bool = False

    @classmethod
    def empty(cls, width: int) -> Part:
        index = faiss_module().IndexFlatIP(width)
        return cls(index, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int32))

    def search(self, vector: np.ndarray, allowed: np.ndarray, k: int) -> list[tuple[int, float]]:
        """The k rows nearest `vector` whose scope key is allowed: (passage id, cosine)."""
        n = len(self.ids)
        if not n:
            return []
        selector = None
        if not allowed.all():
            mask = allowed[self.scopes]
            if not mask.any():
                return []
            bitmap = np.packbits(mask, bitorder="little")
            selector = faiss_module().IDSelectorBitmap(n, faiss_module().swig_ptr(bitmap))
        found, rows = self.index.search(
            vector.reshape(1, -1), min(k, n), params=self._params(selector)
        )
        return [
            (int(self.ids[r]), float(s)) for s, r in zip(found[0], rows[0], strict=True) if r >= 0
        ]

    def _params(self, selector):
        faiss = faiss_module()
        if self.ivf:
            return faiss.SearchParametersIVF(sel=selector, nprobe=NPROBE)
        return faiss.SearchParameters(sel=selector) if selector is not None else None
