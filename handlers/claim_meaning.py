"""/claim by meaning: the claim's sentence vector, the passages nearest it, and how
cosine enters the rerank (handlers/claim.py).

Candidates are the lexical ones together with the DENSE_CANDIDATES passages nearest the
claim by cosine, so a passage that says the same thing in other words ("narcotics made
to look like candy" for "heroin disguised as sweets") is found. Every candidate's
cosine then joins today's features; the blend and the cosine's range were tuned on the
CheckThat! 2020 train split only (bench/checkthat.py --tune; numbers in the README).
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from handlers.embedding import MEANING
from handlers.model_files import DIMENSIONS, MODEL
from store import Scope, Store

DENSE_CANDIDATES = 50
# Cosine as a 0-1 feature: unrelated news sentences sit around 0.0-0.2 with a claim,
# restatements in other words above ~0.5; below COS_FLOOR counts nothing, from COS_CEIL
# everything. Tuned on CheckThat! 2020 train only (800 tweets; `python -m bench.tune_meaning`
# prints the grid): words alone MAP@5 0.848; W_MEANING 0.4 with
# 0.2-0.6 gives 0.890 on a wide plateau (W 0.3-0.45, floor 0.15-0.25, ceiling 0.55-0.65:
# 0.886-0.890). 20, 50 or 100 dense candidates tie there (the lexical candidates already
# hold most gold claims); they matter for claims that share no word with their passage.
COS_FLOOR, COS_CEIL = 0.2, 0.6
W_MEANING = 0.4  # the cosine's share of relevance; the words keep the rest
AHEAD_THREADS = 4  # claims whose meaning is looked up at once (each mostly waits its turn
# at the encoder, which runs one claim at a time)


@dataclass(frozen=True)
class Meaning:
    """A claim's vector (None with meaning off) and passage id -> cosine of the nearest."""

    vector: np.ndarray | None = None
    nearest: dict[int, float] = field(default_factory=dict)


_pool: list[ThreadPoolExecutor] = []  # made at first use
_pool_lock = threading.Lock()


class Ahead:
    """A claim's vector and the passages nearest it, looked up on another thread while the
    caller searches and reads its words (the encoder and faiss let go of the GIL). At 1M
    passages this hides most of the claim's 9-10 ms encoding and 3-4 ms nearest search
    behind the word search and its candidates' reads (`python -m bench.scale_rerun`).
    Reading the candidates' stored vectors on a thread too was slower (paired in one
    quiet process at 1M: p50 / p95 39.2 / 54.3 ms against 35.5 / 50.1): the threads then
    only take turns at the GIL."""

    def __init__(self, store: Store, query: str, scope: Scope) -> None:
        on = MEANING.ready() is not None and bool(query.strip())
        self._meaning = _executor().submit(_meaning, store, query, scope) if on else None

    def meaning(self) -> Meaning:
        """The claim's vector and nearest passages (waited for)."""
        return self._meaning.result() if self._meaning else Meaning()


def _executor() -> ThreadPoolExecutor:
    with _pool_lock:
        if not _pool:
            _pool.append(ThreadPoolExecutor(AHEAD_THREADS, "factdesk-meaning"))
    return _pool[0]


def claim_vector(store: Store, query: str) -> np.ndarray | None:
    """The claim's vector, when the model is loaded and the archive has vectors."""
    embedder = MEANING.ready()
    if embedder is None or not query.strip():
        return None
    return embedder.query(query)


def _meaning(store: Store, query: str, scope: Scope) -> Meaning:
    vector = claim_vector(store, query)
    return Meaning(vector, nearest(store, vector, scope))


def nearest(store: Store, vector: np.ndarray | None, scope: Scope) -> dict[int, float]:
    """Passage id -> cosine of the passages nearest the claim."""
    if vector is None:
        return {}
    return dict(store.nearest(MODEL, vector, scope, DENSE_CANDIDATES))


def cosines(store: Store, vector: np.ndarray | None, ids: list[int]) -> dict[int, float]:
    """Cosine of each candidate that has a vector, from the stored vectors (the index's
    are quantised again: they only choose candidates)."""
    if vector is None:
        return {}
    found, matrix = store.vectors.matrix_for(MODEL, ids, DIMENSIONS)
    return dict(zip(found, (matrix @ vector).tolist(), strict=True))


def meaning_feature(cosine: float) -> float:
    """The cosine from COS_FLOOR (0) to COS_CEIL (1); plain floats, since this runs once
    for each of a claim's few hundred candidates (np.clip cost 1.8 ms a claim)."""
    return min(max((cosine - COS_FLOOR) / (COS_CEIL - COS_FLOOR), 0.0), 1.0)


def blend(relevance: float, cosine: float | None) -> float:
    """Relevance (0-100) from the words' score and, when the passage has a vector, its
    cosine with the claim."""
    if cosine is None:
        return relevance
    return (1 - W_MEANING) * relevance + W_MEANING * 100 * meaning_feature(cosine)
