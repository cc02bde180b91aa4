"""A one-shot command's search by meaning: the saved vector index, or a scan."""

from __future__ import annotations

import logging

import numpy as np
from sqlalchemy import Engine

from store.records import Scope
from store.search.vector_file import VectorFiles
from store.search.vector_index import VectorIndex
from store.search.vectors import SCAN_LIMIT, Vectors

log = logging.getLogger(__name__)
NOT_SAVED = (
    "meaning: %s passages have a vector but no saved vector index: this command searches "
    "by words and reranks by meaning; `factdesk embed` saves the index"
)


class ScannedVectors:
    """A one-shot command's nearest search: the saved index mapped (store/search/vector_file.py)
    with the vectors stored since read into memory, topped up at each query, at most
    SCAN_LIMIT of them. With no saved index it reads every stored vector while there are at
    most SCAN_LIMIT; past that it finds no nearest passages (the lexical candidates are
    still reranked by cosine)."""

    def __init__(
        self, engine: Engine, model: str, width: int, files: VectorFiles | None = None
    ) -> None:
        self.engine, self.model, self.width, self.files = engine, model, width, files
        self.index: VectorIndex | None = None
        self.usable = True

    def search(self, vector: np.ndarray, scope: Scope, k: int) -> list[tuple[int, float]]:
        if self.index is None:
            self.index = VectorIndex(self.engine, self.model, self.width, self.files)
            self.index.tail_limit = SCAN_LIMIT
            opened = self.index.open_saved()
            stored = 0 if opened else Vectors(self.engine).count(self.model)
            self.usable = opened or stored <= SCAN_LIMIT
            if not self.usable:
                log.warning(NOT_SAVED, f"{stored:,}")
        if not self.usable:
            return []
        self.index.refresh(build=False)
        return self.index.search(vector, scope, k)
