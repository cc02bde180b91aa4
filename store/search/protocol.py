"""What the store asks of a candidate-search backend.

The words backends (FTS5 on SQLite, GIN on PostgreSQL, the memory index) answer the same
five questions for the query's weighting and candidates; the vector index answers one,
nearest by meaning. Which backend answers is chosen in store/search/choice.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple, Protocol

import numpy as np

from store.records import Scope


class Candidate(NamedTuple):
    passage_id: int
    score: float  # BM25 (FTS5, memory) or IDF sum (PostgreSQL), higher is better


class CandidateSearch(Protocol):
    """Candidates for a query's terms within a scope, and the statistics that weigh them."""

    def match_any(
        self, terms: Sequence[str], scope: Scope, limit: int = 200, figures_only: bool = False
    ) -> list[Candidate]:
        """The best `limit` passages `scope` sees holding any of `terms`, best first."""
        ...

    def document_frequencies(self, terms: Sequence[str]) -> dict[str, int]:
        """How many passages hold each term (0 for a term not indexed)."""
        ...

    def vocabulary_between(self, low: str, high: str, limit: int) -> list[tuple[str, int]]:
        """The indexed terms t with low <= t < high (at most `limit`), with frequencies."""
        ...

    def passage_count(self) -> int:
        """The N of IDF: passages indexed (the newest passage id on the database)."""
        ...

    def document_count(self, scope: Scope) -> int:
        """Documents `scope` sees."""
        ...


class NearestSearch(Protocol):
    """Passages nearest a sentence vector by cosine."""

    def search(self, vector: np.ndarray, scope: Scope, k: int) -> list[tuple[int, float]]:
        """The k passages `scope` sees nearest `vector`: (passage id, cosine), best first."""
        ...
