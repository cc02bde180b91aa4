"""Vector search candidates measured: recall@10 against exact search, and latency.

Reads real all-MiniLM-L6-v2 vectors from a Factdesk database (e.g. the one
`make bench-claims` leaves with `--db`), optionally grows them to `--size` with
perturbed copies (each a real vector plus a little noise, renormalised: the same
neighbourhood structure, more of it), and times, per query, exact numpy, faiss exact
(IndexFlatIP), faiss IVF,SQ8 (what store/search/vector_index.py uses past EXACT_UNTIL) and,
when installed, usearch's HNSW. Queries are held-out real vectors, perturbed.

    python -m bench.vectors --db sqlite:///checkthat.db --size 200000
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

import numpy as np

from handlers.embedding import DIMENSIONS, MODEL
from store import Store
from store.search.vector_index import build_index
from store.search.vectors import unpack


def real_vectors(url: str) -> np.ndarray:
    store = Store(url)
    with store.engine.connect() as conn:
        rows = store.vectors.read_since(conn, MODEL, 0, 10_000_000)
    store.close()
    return unpack([r[4] for r in rows], [r[5] for r in rows], DIMENSIONS)


def grow(vectors: np.ndarray, size: int, rng: np.random.Generator) -> np.ndarray:
    if size <= len(vectors):
        return vectors[:size]
    extra = vectors[rng.integers(0, len(vectors), size - len(vectors))]
    extra = extra + 0.02 * rng.normal(size=extra.shape).astype(np.float32)
    extra /= np.linalg.norm(extra, axis=1, keepdims=True)
    return np.concatenate([vectors, extra]).astype(np.float32)


def timed(search, queries: np.ndarray) -> tuple[list[np.ndarray], dict]:
    found, times = [], []
    for query in queries:
        started = time.perf_counter()
        found.append(search(query))
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return found, {
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 2),
    }


def recall(found: list[np.ndarray], exact: list[np.ndarray]) -> float:
    return round(
        float(np.mean([len(set(f) & set(e)) / len(e) for f, e in zip(found, exact, strict=True)])),
        4,
    )


def backends(vectors: np.ndarray) -> dict:
    import faiss

    faiss.omp_set_num_threads(1)  # one query at a time: threads only contend
    flat = faiss.IndexFlatIP(DIMENSIONS)
    flat.add(vectors)
    started = time.perf_counter()
    ivf = build_index(vectors) if len(vectors) >= 100_000 else _ivf(vectors)
    built = {"faiss IVF,SQ8": time.perf_counter() - started}
    chosen = {
        "numpy exact": lambda q: np.argpartition(-(vectors @ q), 10)[:10],
        "faiss flat": lambda q: flat.search(q.reshape(1, -1), 10)[1][0],
    }
    for nprobe in (32, 64, 128):
        params = faiss.SearchParametersIVF(nprobe=nprobe)
        chosen[f"faiss IVF,SQ8 nprobe {nprobe}"] = lambda q, p=params: ivf.search(
            q.reshape(1, -1), 10, params=p
        )[1][0]
    try:
        from usearch.index import Index

        started = time.perf_counter()
        graph = Index(ndim=DIMENSIONS, metric="ip", dtype="i8")
        graph.add(np.arange(len(vectors)), vectors)
        built["usearch HNSW i8"] = time.perf_counter() - started
        chosen["usearch HNSW i8"] = lambda q: graph.search(q, 10).keys
    except ImportError:
        pass
    return chosen, built


def _ivf(vectors: np.ndarray):
    from store.search import vector_index

    saved = vector_index.EXACT_UNTIL
    vector_index.EXACT_UNTIL = 0
    try:
        return build_index(vectors)
    finally:
        vector_index.EXACT_UNTIL = saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a database with vectors")
    parser.add_argument("--size", type=int, default=0, help="grow to this many (default: as is)")
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args(argv)
    rng = np.random.default_rng(0)
    real = real_vectors(args.db)
    held = real[rng.permutation(len(real))[: args.queries]]
    queries = held + 0.05 * rng.normal(size=held.shape).astype(np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    vectors = grow(real, args.size or len(real), rng)
    chosen, built = backends(vectors)
    exact, _ = timed(chosen["numpy exact"], queries)
    results = {"vectors": len(vectors), "real": len(real), "build_s": built}
    for name, search in chosen.items():
        found, times = timed(search, queries)
        results[name] = {**times, "recall_at_10": recall(found, exact)}
    print(json.dumps(results, indent=1, default=lambda x: round(x, 2)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
