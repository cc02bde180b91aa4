"""`make bench-claims`: /claim against plain FTS5 BM25 on CheckThat! 2020 task 2.

Indexes the 10,373 verified claims (one document each: title line, then the
claim) with Factdesk's own ingest, runs the tweets of one split through
/claim, and in the same run through a plain SQLite FTS5 BM25 baseline
(porter tokenizer, OR of the cleaned tweet's words). Prints MAP@5 and latency, for
/claim three ways: `factdesk` (candidates read from the database, as with no saved
index), `factdesk_cli` (the saved candidate index, as `factdesk claim` and `--batch`
answer) and `factdesk_memory` (a server's memory and vector indexes).
Tune on `--split train`; report `--split dev`.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from handlers.analysis.text import STOPWORDS, clean_post
from handlers.claim import claim
from handlers.embedding import MEANING, ROUTES
from handlers.embedding import load as load_model
from handlers.ingest import ingest_bytes
from handlers.meaning import embed_missing
from handlers.model_files import DIMENSIONS, MODEL
from store import Scope, Store

DATA = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "checkthat2020"
SCOPE = Scope("checkthat")
csv.field_size_limit(10**7)


def read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle, delimiter="\t"))[1:]


def load(split: str) -> tuple[dict[str, tuple[str, str]], dict[str, str], dict[str, set[str]]]:
    claims = {row[0]: (row[2], row[1]) for row in read_tsv(DATA / "verified_claims.docs.tsv")}
    tweets = {row[0]: row[1] for row in read_tsv(DATA / split / "tweets.queries.tsv")}
    gold: dict[str, set[str]] = {}
    for line in (DATA / split / "tweet-vclaim-pairs.qrels").read_text().splitlines():
        tweet, _, vclaim, _ = line.split()
        gold.setdefault(tweet, set()).add(vclaim)
    return claims, tweets, gold


def average_precision(ranked: list[str], relevant: set[str], k: int = 5) -> float:
    hits, total = 0, 0.0
    for i, doc in enumerate(ranked[:k], 1):
        if doc in relevant:
            hits += 1
            total += hits / i
    return total / min(len(relevant), k) if relevant else 0.0


def index_factdesk(store: Store, claims: dict[str, tuple[str, str]]) -> float:
    started = time.perf_counter()
    for vclaim_id, (title, text) in claims.items():
        data = f"{title}\n{text}\n".encode()
        ingest_bytes(store, data, f"{vclaim_id}.txt", f"checkthat:{vclaim_id}", SCOPE)
    return time.perf_counter() - started


def embed_all(store: Store, route: str | None = None) -> float:
    """Load the model and embed every passage; the seconds the embedding took. `route`
    chooses another encoder than the product's (handlers/embedding.py's load)."""
    if route:
        MEANING.embedder, MEANING.state = load_model(route), "ready"
    MEANING.start()
    embedder = MEANING.ready()
    if embedder is None:
        print(f"meaning off: {MEANING.reason}", file=sys.stderr)
        return 0.0
    started = time.perf_counter()
    embed_missing(store, embedder)
    return time.perf_counter() - started


def bm25_baseline(claims: dict[str, tuple[str, str]]) -> Callable[[str], list[str]]:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE c USING fts5(id UNINDEXED, body, tokenize='porter unicode61')")
    db.executemany(
        "INSERT INTO c VALUES (?, ?)", ((i, f"{t}\n{c}") for i, (t, c) in claims.items())
    )

    def search(tweet: str) -> list[str]:
        words = [w for w in re.findall(r"\w+", clean_post(tweet).lower()) if w not in STOPWORDS]
        if not words:
            return []
        query = " OR ".join(f'"{w}"' for w in dict.fromkeys(words))
        rows = db.execute("SELECT id FROM c WHERE c MATCH ? ORDER BY rank LIMIT 5", (query,))
        return [row[0] for row in rows]

    return search


def factdesk_search(store: Store) -> Callable[[str], list[str]]:
    def search(tweet: str) -> list[str]:
        answer = claim(store, tweet, SCOPE, limit=10)
        ranked = [m.document.path.removeprefix("checkthat:") for m in answer.results]
        return list(dict.fromkeys(ranked))[:5]

    return search


def evaluate(search: Callable[[str], list[str]], tweets: dict[str, str], gold) -> dict:
    """MAP@5, and per query the wall time and this process's CPU time (which a shared
    machine's other work does not inflate as it does the wall time)."""
    scores, times, cpu = [], [], []
    for tweet_id, relevant in gold.items():
        started, cpu_started = time.perf_counter(), time.process_time()
        ranked = search(tweets[tweet_id])
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
        scores.append(average_precision(ranked, relevant))
    times.sort()
    cpu.sort()
    return {
        "map_at_5": round(statistics.fmean(scores), 4),
        "queries": len(scores),
        "p50_ms": round(times[len(times) // 2], 2),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 2),
        "p50_cpu_ms": round(cpu[len(cpu) // 2], 2),
        "p95_cpu_ms": round(cpu[int(len(cpu) * 0.95) - 1], 2),
    }


def _as_the_cli(url: str, tweets: dict[str, str], gold) -> dict:
    """What `factdesk claim` and `claim --batch` answer from: the saved candidate index
    (opened, or built and saved, as `factdesk index` leaves it) and, by meaning, the saved
    vector index or the stored vectors (store/search/vector_scan.py). The `factdesk` row
    reads its candidates from the database: what a command does with no saved index."""
    store = Store(url)
    try:
        store.open_index(build=True)
        return evaluate(factdesk_search(store), tweets, gold)
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "train"), default="dev")
    parser.add_argument("--db", help="reuse this database (default: a fresh temporary one)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--no-meaning", action="store_true", help="words only, as before")
    parser.add_argument(
        "--encoder", choices=ROUTES, help="another encoder than /claim's (handlers/embedding.py)"
    )
    args = parser.parse_args(argv)
    if not DATA.is_dir():
        print(f"CheckThat! data not found at {DATA}", file=sys.stderr)
        return 2
    claims, tweets, gold = load(args.split)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{tmp}/checkthat.db"
        store = Store(url)
        seconds = index_factdesk(store, claims)
        embed_seconds = 0.0 if args.no_meaning else embed_all(store, args.encoder)
        results = {
            "split": args.split,
            "claims": len(claims),
            "index_seconds": round(seconds, 1),
            "embed_seconds": round(embed_seconds, 1),
            "meaning": MEANING.state if not args.no_meaning else "off",
            "factdesk": evaluate(factdesk_search(store), tweets, gold),
            "fts5_bm25": evaluate(bm25_baseline(claims), tweets, gold),
            "factdesk_cli": _as_the_cli(url, tweets, gold),
        }
        store.start_memory_index(wait=True)  # what a server answers from
        if MEANING.ready():
            store.start_vector_index(MODEL, DIMENSIONS, wait=True)
        results["factdesk_memory"] = evaluate(factdesk_search(store), tweets, gold)
        store.close()
    if args.json:
        print(json.dumps(results))
        return 0
    print(
        f"CheckThat! 2020 task 2, {args.split}: {results['factdesk']['queries']} tweets "
        f"against {len(claims)} claims (indexed in {results['index_seconds']} s, "
        f"embedded in {results['embed_seconds']} s; meaning {results['meaning']})"
    )
    print(f"{'system':<16} {'MAP@5':>7} {'p50 ms':>8} {'p95 ms':>8} {'p95 CPU ms':>11}")
    for name in ("factdesk", "factdesk_cli", "factdesk_memory", "fts5_bm25"):
        r = results[name]
        times = f"{r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} {r['p95_cpu_ms']:>11.1f}"
        print(f"{name:<16} {r['map_at_5']:>7.3f} {times}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
