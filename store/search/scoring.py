"""Scoring, once for every backend and the rerank: how rare a term is (IDF) and how BM25
weighs a passage's length.

Two IDFs, on purpose:
- `idf`, BM25's with Lucene's +1 inside the logarithm, so it is never negative: the
  weight of a query term in the rerank (handlers/search.py) and PostgreSQL's rank (the
  sum of the matched terms' IDF, store/search/gin.py).
- `fts5_idf`, FTS5's own (no +1), floored as FTS5 floors it: the memory index scores with
  it so that it orders candidates as SQLite's bm25() does.

Passages are sentences, which rarely repeat a word, so the term frequency is one and a
passage's BM25 is the sum of its matched terms' IDF times `length_norm`; the memory
index scores a segment's postings so (`score_segment`) and keeps the `top` ones.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from store.search.segment import Segment

K1, B = 1.2, 0.75  # FTS5's bm25() constants
FTS5_FLOOR = 1e-6  # FTS5's IDF for a term in more than half the passages
DENSE_SHARE = 3  # postings under 1/3 of a segment's rows are merged (faster than a scan)


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


def score_segment(
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


def top(ids: np.ndarray, scores: np.ndarray, limit: int) -> tuple[np.ndarray, np.ndarray]:
    """The `limit` best (id, score) pairs, best first; equal scores by id."""
    if len(ids) > limit:
        best = np.argpartition(-scores, limit - 1)[:limit]
        ids, scores = ids[best], scores[best]
    order = np.lexsort((ids, -scores))
    return ids[order], scores[order]
