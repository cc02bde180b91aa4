"""`make bench`: Factdesk at scale on SQLite and PostgreSQL, side by side with brute force.

Generates news-like documents (vocabulary drawn with its real frequencies from the
CheckThat! claims, a long tail of place names, people with spelling variants, figures
with hedges), writes them as text files and ingests them through `factdesk index`'s
code path (handlers.ingest.ingest_paths: worker processes, batched writes). Then it
times /claim, /who and /figures warm, in process, twice: as a one-shot CLI answers
(`*_database`: candidates from FTS5 / PostgreSQL full-text search) and as a server
answers (`claim`, `who`, `figures`: the in-memory candidate index, store/search/memory.py,
whose build time is reported). /claim queries are indexed sentences with typos, dropped
words and reordering, so the right passage is known; recall@5 counts the queries whose
sentence is among the top five. The brute-force baseline is rapidfuzz
`process.extract` with `token_set_ratio` over every passage (at most --brute queries).

    python -m bench.scale --sentences 100000 [--json] [--pg-url URL | --no-pg]
                          [--real PATH] [--keep DIR]

With --real PATH the articles are real news (bench/realtext.py: BBC News .txt files or
Reuters-21578 .sgm, copied with perturbations up to the size asked) instead of generated.
`claim_cli_batch` runs `factdesk claim --batch FILE --json` over the same queries.

With --meaning every passage then gets a real vector through `factdesk embed`, and
/claim is asked by meaning as a server asks it, the query embedding included
(bench/scale_meaning.py).

Without --pg-url or TEST_DATABASE_URL the run re-executes itself under
.ci/postgres.sh (a throwaway server on 127.0.0.1); --no-pg skips PostgreSQL.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from rapidfuzz import fuzz, process, utils
from sqlalchemy import text

from bench import scale_meaning
from bench.asked import SCOPE, SEED, Asked, queries, real_asked, sampled
from bench.cli_batch import claim_batch
from bench.cpu import Meter
from bench.generated import NOUNS, PER_DOC, VERBS, World, document_path, write_corpus
from bench.realtext import load_articles, write_copies
from bench.scale_table import table
from handlers.claim import claim
from handlers.figures import figures
from handlers.ingest import ingest_paths
from handlers.ingest_pool import ingest_workers
from handlers.who import who
from store import NewDocument, Store

ROOT = Path(__file__).resolve().parents[1]


def ingest(store: Store, folder: Path) -> dict:
    """`factdesk index FOLDER`'s code path: worker processes read and analyse the files,
    the store writes them in batches. `cpu_s`: the CPU time of this process and its
    workers (bench/cpu.py), which a busy machine does not inflate the way it does the
    wall time."""
    with Meter() as meter:
        summary = ingest_paths(store, [folder], SCOPE)
    seconds, n_docs, cpu = summary.seconds, summary.added, meter.seconds
    return {
        "documents": n_docs,
        "sentences": summary.passages,
        "seconds": round(seconds, 1),
        "docs_per_s": round(n_docs / seconds, 1),
        "sentences_per_s": round(summary.passages / seconds),
        "workers": ingest_workers(),
        "cpu_s": cpu,
        "sentences_per_cpu_s": round(summary.passages / cpu) if cpu else None,
        "peak_rss_mb": peak_rss_mb(),  # this process's: ingest is the first thing it does
        "all_processes_rss_mb": meter.peak_rss_mb,
        "all_processes_pss_mb": meter.peak_pss_mb,
    }


def timed(run: Callable[[str], object], items: list[str]) -> tuple[dict, list]:
    for item in items[:5]:  # warm
        run(item)
    times, answers = [], []
    for item in items:
        started = time.perf_counter()
        answers.append(run(item))
        times.append((time.perf_counter() - started) * 1000)
    return _percentiles(times), answers


def _percentiles(ms: list[float]) -> dict:
    cuts = statistics.quantiles(ms, n=100, method="inclusive") if len(ms) > 1 else ms * 99
    return {"p50": round(cuts[49], 1), "p95": round(cuts[94], 1), "p99": round(cuts[98], 1)}


def size_mb(store: Store) -> float:
    if store.engine.dialect.name == "sqlite":
        base = Path(store.engine.url.database)
        files = [base, *base.parent.glob(base.name + "-*")]
        return round(sum(f.stat().st_size for f in files if f.exists()) / 2**20, 1)
    with store.connect() as conn:
        size = conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one()
    return round(size / 2**20, 1)


def recall(claims: list[tuple[str, str]], answers: list) -> float:
    hits = sum(
        t in {m.excerpt for m in a.results} for (_, t), a in zip(claims, answers, strict=True)
    )
    return round(hits / len(claims), 3)


def generated_asked(world: World, docs: list[NewDocument]) -> Asked:
    rng = random.Random(SEED + 2)
    names = [f"{f} {World.variant(last, rng)}" for f, last in rng.sample(world.people, 200)]
    topics = [f"{noun} {rng.choice(VERBS)}" for noun in NOUNS] * 25
    return Asked(queries(docs), names, topics)


def measure(url: str, folder: Path, asked_for: Asked) -> dict:
    """Ingest, then the answers as a one-shot CLI gives them (database search) and as a
    server gives them (the in-memory candidate index, built after ingest)."""
    store = Store(url)
    claims, names, topics = asked_for.claims, asked_for.names, asked_for.topics
    asked = [q for q, _ in claims]
    try:
        result = {"ingest": ingest(store, folder), "size_mb": size_mb(store)}
        peaks = result["peak_rss_mb_after"] = {"ingest": peak_rss_mb()}
        latency, answers = timed(lambda q: claim(store, q, SCOPE), asked)
        result["claim_database"] = {**latency, "recall@5": recall(claims, answers)}
        result["claim_cli_batch"] = claim_batch(url, claims)
        result["figures_database"] = timed(lambda q: figures(store, q, SCOPE), topics)[0]
        peaks["database queries"] = peak_rss_mb()
        started = time.perf_counter()
        store.start_memory_index(wait=True)
        result["memory_index_build_s"] = round(time.perf_counter() - started, 1)
        peaks["memory index"] = peak_rss_mb()
        latency, answers = timed(lambda q: claim(store, q, SCOPE), asked)
        result["claim"] = {**latency, "recall@5": recall(claims, answers)}
        peaks["claim"] = peak_rss_mb()
        result["who"] = timed(lambda q: who(store, q, SCOPE), names)[0]
        peaks["who"] = peak_rss_mb()
        result["figures"] = timed(lambda q: figures(store, q, SCOPE), topics)[0]
        result["peak_rss_mb"] = peaks["figures"] = peak_rss_mb()
        return result
    finally:
        store.close()


def peak_rss_mb() -> int:
    """This process's own peak RSS. ru_maxrss also counts the parent's RSS when a spawned
    child was forked from it (Linux keeps the larger across exec); VmHWM does not."""
    status = Path("/proc/self/status")
    if status.is_file():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def measure_apart(url: str, folder: Path, asked: Asked) -> dict:
    """`measure` in a fresh process, so that each backend's peak RSS is its own."""
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as pool:
        return pool.submit(measure, url, folder, asked).result()


def brute_force(url: str, claims: list[tuple[str, str]], limit: int) -> dict:
    store = Store(url)
    with store.connect() as conn:
        texts = conn.execute(text("SELECT text FROM passages")).scalars().all()
    store.close()
    choices = [utils.default_process(t) for t in texts]
    sample, times, hits = claims[:limit], [], 0
    for query, target in sample:
        started = time.perf_counter()
        top = process.extract(
            utils.default_process(query), choices, scorer=fuzz.token_set_ratio, limit=5
        )
        times.append((time.perf_counter() - started) * 1000)
        hits += any(texts[index] == target for _, _, index in top)
    return {"queries": len(sample), **_percentiles(times), "recall@5": round(hits / len(sample), 3)}


def python_loop_ms() -> float:
    """A fixed pure-Python loop (best of three): how fast this machine ran Python during
    the run, so figures from two machines (or two runs on a shared one) can be compared."""
    best = float("inf")
    for _ in range(3):
        started, total = time.perf_counter(), 0
        for i in range(5_000_000):
            total += i
        best = min(best, time.perf_counter() - started)
    return round(best * 1000, 1)


def write_articles(args: argparse.Namespace, articles: list, corpus: Path) -> tuple[int, Asked]:
    """The corpus as files (not timed), and the questions to ask of it."""
    path_of = partial(document_path, corpus)
    if articles:
        print(f"== copying {len(articles):,} real articles", file=sys.stderr)
        n_docs = write_copies(articles, args.sentences, path_of)
        return n_docs, real_asked(sampled(path_of, n_docs, args.queries))
    world, n_docs = World(), max(1, args.sentences // PER_DOC)
    print(f"== writing {n_docs:,} generated articles", file=sys.stderr)
    write_corpus(world, corpus, n_docs)
    return n_docs, generated_asked(world, sampled(path_of, n_docs, args.queries))


@contextmanager
def _workdir(keep: Path | None) -> Iterator[str]:
    """Where the corpus and the database go: DIR, kept, or a temporary folder."""
    if keep is None:
        with tempfile.TemporaryDirectory() as folder:
            yield folder
        return
    keep.mkdir(parents=True, exist_ok=True)
    yield str(keep)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--brute", type=int, default=50, help="brute-force queries (sampled)")
    parser.add_argument("--pg-url", default=os.environ.get("TEST_DATABASE_URL"))
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--meaning",
        action="store_true",
        help="then embed every passage (factdesk embed) and ask /claim by meaning as a server",
    )
    parser.add_argument(
        "--real",
        type=Path,
        metavar="PATH",
        help="real news articles to copy with perturbations (BBC .txt files or Reuters-21578 "
        ".sgm; see README) instead of generated ones",
    )
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="write the corpus and the SQLite database into DIR and keep them (default: a "
        "temporary folder, removed at the end)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    articles = load_articles(args.real) if args.real and args.real.exists() else []
    if args.real and not articles:
        print(f"bench.scale: no articles (.txt or .sgm) in {args.real}", file=sys.stderr)
        return 2
    if not args.pg_url and not args.no_pg and (ROOT / ".ci" / "postgres.sh").is_file():
        script = str(ROOT / ".ci" / "postgres.sh")
        os.execvp("bash", ["bash", script, sys.executable, "-m", "bench.scale", *sys.argv[1:]])
    backends: dict[str, dict] = {}
    with _workdir(args.keep) as folder:
        corpus = Path(folder) / "corpus"
        n_docs, asked = write_articles(args, articles, corpus)
        claims = asked.claims
        sqlite_url = f"sqlite:///{folder}/bench.db"
        urls = {"sqlite": sqlite_url, **({"postgresql": args.pg_url} if args.pg_url else {})}
        for name, url in urls.items():
            print(f"== {name}: ingesting {n_docs:,} documents", file=sys.stderr)
            backends[name] = measure_apart(url, corpus, asked)
            if args.meaning:
                backends[name]["meaning"] = scale_meaning.measure(url, asked)
        print("== brute force", file=sys.stderr)
        brute = brute_force(sqlite_url, claims, args.brute)
    for result in backends.values():
        result["speedup"] = round(brute["p50"] / max(result["claim"]["p50"], 0.01))
        result["speedup_p95"] = round(brute["p95"] / max(result["claim"]["p95"], 0.01))
    first = next(iter(backends.values()))
    report = {
        "machine": f"{os.cpu_count()} cores, Python {sys.version.split()[0]}",
        "text": f"real: {len(articles):,} articles from {args.real}" if articles else "generated",
        "python_loop_ms": python_loop_ms(),
        "sentences": first["ingest"]["sentences"],
        "documents": n_docs,
        "backends": backends,
        "brute_force": brute,
    }
    print(json.dumps(report, indent=2) if args.json else "\n".join(table(report)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
