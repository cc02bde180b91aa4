"""Scoring, once for every backend and the rerank: how rare a term is (IDF) and how BM25
weighs a passage's length.

Two IDFs, on purpose:
- `idf`, BM25's with Lucene's +1 inside the logarithm, so it is never negative: the
  weight of a query term in the rerank (handlers/search.py) and PostgreSQL's rank (the
  sum of the matched terms' IDF, store/search/gin.py).
- `fts5_idf`, FTS5's own (no +1), floored as FTS5 floors it: the memory index scores with
  it so that it orders candidates as SQLite's bm25() does.

Passages are sentences, which rarely repeat a word, so the term frequency is one and a
passage's BM25 is the sum of its matched terms' IDF times `length_norm`.
"""

from __future__ import annotations

import math

import numpy as np

K1, B = 1.2, 0.75  # FTS5's bm25() constants
FTS5_FLOOR = 1e-6  # FTS5's IDF for a term in more than half the passages


def idf(df: int, total: int) -> float:
    """BM25's inverse document frequency of a term in `df` of `total` passages, >= 0."""
    return math.log(1 + (total - df + 0.5) / (df + 0.5))


def fts5_idf(df: int, total: int) -> float:
    """FTS5's IDF, floored as FTS5 floors it so a very common term still counts a little."""
    ratio = (total - df + 0.5) / (df + 0.5)  # df may pass total while dead rows are counted
    return math.log(ratio) if ratio > 1 else FTS5_FLOOR


def length_norm(lengths: np.ndarray, mean_length: float) -> np.ndarray:
    """BM25's factor for passages of these lengths at a term frequency of one."""
    return (K1 + 1) / (1 + K1 * (1 - B + B * lengths / max(mean_length, 1e-6)))
