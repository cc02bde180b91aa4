"""The meaning blend of /claim tuned on CheckThat! 2020 train (never dev).

Runs each train tweet through /claim's candidate stage once, with 100 dense candidates,
keeps every candidate's features (the words' relevance, its cosine, figure evidence,
whether it came from the words or only by meaning, and its rank by cosine), then scores
a grid of (W_MEANING, COS_FLOOR, COS_CEIL, dense candidates) from those features alone.

    python -m bench.checkthat --split train --db sqlite:///ct.db   # indexes and embeds
    python -m bench.tune_meaning --db sqlite:///ct.db
"""

from __future__ import annotations

import argparse
import itertools
import statistics

from bench.checkthat import SCOPE, average_precision, load
from handlers import claim as claim_module
from handlers import claim_meaning
from handlers.analysis.figures import extract_figures
from handlers.analysis.text import clean_post, post_author, terms, truncate_query
from handlers.embedding import DIMENSIONS, MEANING, MODEL
from handlers.search import prune, weigh, weigh_author
from store import Store

GRID = (
    [0.3, 0.35, 0.4, 0.45, 0.5],
    [0.1, 0.15, 0.2, 0.25, 0.3],
    [0.5, 0.6, 0.7, 0.8],
    [20, 50, 100],
)


def features(store: Store, tweet: str) -> list[tuple]:
    """(document, words, cosine, evidence, dense rank or None when lexical) a candidate."""
    query, _ = truncate_query(clean_post(tweet))
    weighted = weigh(store, terms(query))
    weighted += weigh_author(store, terms(post_author(tweet)), weighted)
    pruned = prune(weighted, store.passage_count())
    lexical = {c.passage_id for c in store.match_any(pruned, SCOPE, claim_module.CANDIDATES)}
    vector = claim_meaning.claim_vector(store, query)
    dense = {pid: r for r, pid in enumerate(claim_meaning.nearest(store, vector, SCOPE))}
    scored = claim_module.rank(store, query, weighted, tuple(extract_figures(query)), SCOPE)
    return [
        (
            s.row.document_id,
            s.words,
            s.cosine,
            s.evidence,
            None if s.row.id in lexical else dense[s.row.id],
        )
        for s in scored
    ]


def score(rows: list[tuple], w: float, floor: float, ceil: float, dense: int) -> list[int]:
    ranked = []
    for doc, words, cosine, evidence, rank in rows:
        if rank is not None and rank >= dense:
            continue
        claim_meaning.W_MEANING, claim_meaning.COS_FLOOR, claim_meaning.COS_CEIL = w, floor, ceil
        relevance = claim_meaning.blend(words, cosine)
        total = relevance if evidence is None else 0.75 * relevance + 0.25 * evidence
        if relevance >= claim_module.CUTOFF:
            ranked.append((-total, doc))
    return list(dict.fromkeys(doc for _, doc in sorted(ranked)))[:5]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="the database bench.checkthat --db filled")
    args = parser.parse_args(argv)
    _, tweets, gold = load("train")
    store = Store(args.db)
    MEANING.start()
    store.start_memory_index(wait=True)
    store.start_vector_index(MODEL, DIMENSIONS, wait=True)
    claim_meaning.DENSE_CANDIDATES = max(GRID[3])
    data = [(relevant, features(store, tweets[t])) for t, relevant in gold.items()]
    names = _names(store)
    results = []
    for w, floor, ceil, dense in itertools.product(*GRID):
        value = statistics.fmean(
            average_precision([names[d] for d in score(rows, w, floor, ceil, dense)], relevant)
            for relevant, rows in data
        )
        results.append((round(value, 4), w, floor, ceil, dense))
    words = statistics.fmean(
        average_precision([names[d] for d in score(rows, 0.0, 0.2, 0.6, 0)], relevant)
        for relevant, rows in data
    )
    print(f"train MAP@5, words alone: {words:.4f}")
    for row in sorted(results, reverse=True)[:15]:
        print("MAP@5 {} W_MEANING {} COS_FLOOR {} COS_CEIL {} dense {}".format(*row))
    store.close()
    return 0


def _names(store: Store) -> dict[int, str]:
    from sqlalchemy import select

    from store.schema import documents

    with store.engine.connect() as conn:
        rows = conn.execute(select(documents.c.id, documents.c.path))
        return {i: path.removeprefix("checkthat:") for i, path in rows}


if __name__ == "__main__":
    raise SystemExit(main())
