"""`make bench-cold`: the CLI and the workers with the saved candidate index, beside today's.

On one SQLite archive of generated articles (bench/scale.py's, or --db for one you have):

- `factdesk claim --batch` over the perturbed queries: ms a query, the whole process
  included, answered from the saved index and, as before it existed, from FTS5
  (FACTDESK_MEMORY_INDEX=off); recall@5 of both; brute force on a sample of the same
  queries, for the speed-up;
- a one-shot `factdesk claim`: seconds from exec to exit, both ways;
- saving the index (what `factdesk index` does after an ingest), and a server's start:
  seconds until its index is ready, from the saved file and built from the database;
- what each extra worker adds: RSS, PSS and private (unshared) memory of a second
  process that opened the saved index and answered queries while a first one still runs,
  beside two that each built their own; then of real gunicorn workers answering signed
  slash commands, their modules imported by the arbiter before the fork
  (bot/gunicorn_config.py) and each importing its own (bench/workers.py, meaning off).

With --meaning (an archive whose passages have vectors, e.g. bench.scale --meaning --keep's)
also the saved vector index beside one built by each process (bench/cold_meaning.py).

    python -m bench.cold --sentences 200000 [--db PATH] [--keep PATH] [--meaning] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import cold_meaning, scale, workers
from store import Store

WORKER = """
import json, sys, time
from handlers.claim import claim
from store import Scope, Store
url, build, queries = sys.argv[1], sys.argv[2] == "build", json.loads(sys.argv[3])
started = time.perf_counter()
store = Store(url)
if build:
    store.memory = __import__("store.search.memory", fromlist=["x"]).MemoryIndex(store.engine)
    store.memory.refresh()
else:
    store.start_memory_index(wait=True)
ready = time.perf_counter() - started
for q in queries:
    claim(store, q, Scope("bench"))
status = dict(line.split(":", 1) for line in open("/proc/self/status").read().splitlines())
rollup = open("/proc/self/smaps_rollup").read().splitlines()
private = sum(int(l.split()[1]) for l in rollup if l.startswith(("Private_Clean", "Private_Dirty")))
pss = sum(int(l.split()[1]) for l in rollup if l.startswith("Pss:"))
print(json.dumps({"ready_s": ready, "rss_mb": int(status["VmRSS"].split()[0]) / 1024,
                  "private_mb": private / 1024, "pss_mb": pss / 1024,
                  "from_file": bool(store.memory.opened_from_file)}), flush=True)
sys.stdin.read()  # stay up, mapping the index, until the bench lets go
store.close()
"""


def factdesk(db: Path, *args: str, memory: bool = True) -> float:
    """Seconds the CLI took, from exec to exit (its output thrown away)."""
    env = {**os.environ, "FACTDESK_MEMORY_INDEX": "on" if memory else "off"}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "bot", *args, "--db", f"sqlite:///{db}", "--workspace", "bench"],
        env=env,
        stdout=subprocess.DEVNULL,
        check=True,
    )
    return time.perf_counter() - started


def batch_recall(db: Path, batch: Path, claims: list[tuple[str, str]], memory: bool) -> float:
    env = {**os.environ, "FACTDESK_MEMORY_INDEX": "on" if memory else "off"}
    command = [sys.executable, "-m", "bot", "claim", "--json", "--batch", str(batch)]
    where = ["--db", f"sqlite:///{db}", "--workspace", "bench"]
    run = subprocess.run([*command, *where], env=env, capture_output=True, text=True, check=True)
    found = [
        {r["excerpt"] for r in json.loads(line)["results"][:5]} for line in run.stdout.splitlines()
    ]
    return round(sum(t in f for (_, t), f in zip(claims, found, strict=True)) / len(claims), 3)


def processes(url: str, build: bool, queries: list[str], count: int = 2) -> dict:
    """`count` worker processes up at once, each answering `queries`; the figures of the
    last, while the others still run (what one more worker adds: its private memory)."""
    mode = "build" if build else "file"
    return workers.side_by_side(WORKER, [url, mode, json.dumps(queries)], count, timeout=60)


def prepare(args: argparse.Namespace, folder: Path) -> tuple[Path, list[tuple[str, str]]]:
    """The archive (ingested once; reused with --db) and the /claim queries asked of it,
    from bench.scale's articles: generated, or real ones with --real PATH."""
    corpus = folder / "corpus"
    articles = scale.load_articles(args.real) if args.real else []
    _, asked = scale.write_articles(args, articles, corpus)
    db = Path(args.db) if args.db else folder / "cold.db"
    if not db.exists():
        print(f"== ingesting into {db}", file=sys.stderr)
        store = Store(f"sqlite:///{db}")
        scale.ingest(store, corpus)
        store.close()
    return db, asked.claims


def measure(db: Path, claims: list[tuple[str, str]], folder: Path, brute: int) -> dict:
    batch = folder / "queries.txt"
    batch.write_text("\n".join(q for q, _ in claims) + "\n", encoding="utf-8")
    n, one = len(claims), claims[0][0]
    url = f"sqlite:///{db}"
    report: dict = {"queries": n}
    print("== before: FTS5 from the CLI", file=sys.stderr)
    report["batch_fts5_ms"] = round(
        factdesk(db, "claim", "--batch", str(batch), memory=False) * 1000 / n, 1
    )
    report["batch_fts5_recall@5"] = batch_recall(db, batch, claims, memory=False)
    report["oneshot_fts5_s"] = round(
        statistics.median(factdesk(db, "claim", one, memory=False) for _ in range(3)), 2
    )
    print("== saving the index", file=sys.stderr)
    store = Store(url)
    started = time.perf_counter()
    store.open_index(build=True)
    report["save_s"] = round(time.perf_counter() - started, 1)
    store.close()
    print("== after: the saved index", file=sys.stderr)
    report["batch_ms"] = round(factdesk(db, "claim", "--batch", str(batch)) * 1000 / n, 1)
    report["batch_recall@5"] = batch_recall(db, batch, claims, memory=True)
    report["oneshot_s"] = round(statistics.median(factdesk(db, "claim", one) for _ in range(3)), 2)
    sample = [q for q, _ in claims[:20]]
    report["worker_from_file"] = processes(url, build=False, queries=sample)
    report["worker_built"] = processes(url, build=True, queries=sample)
    print("== gunicorn workers", file=sys.stderr)
    report["gunicorn"] = workers.compare(url)
    print("== brute force", file=sys.stderr)
    report["brute_force"] = scale.brute_force(url, claims, brute)
    report["batch_speedup"] = round(report["brute_force"]["p50"] / report["batch_ms"])
    return report


def table(report: dict) -> list[str]:
    file, built = report["worker_from_file"], report["worker_built"]
    return [
        f"{report['sentences']:,} sentences; {report['machine']}; "
        f"a 5M-step Python loop took {report['python_loop_ms']} ms",
        f"{'':<44}{'saved index':>14}{'before (FTS5 / build)':>24}",
        f"{'factdesk claim --batch ms a query':<44}{report['batch_ms']:>14}"
        f"{report['batch_fts5_ms']:>24}",
        f"{'  recall@5':<44}{report['batch_recall@5']:>14}{report['batch_fts5_recall@5']:>24}",
        f"{'one-shot factdesk claim s':<44}{report['oneshot_s']:>14}{report['oneshot_fts5_s']:>24}",
        f"{'server index ready s':<44}{file['ready_s']:>14}{built['ready_s']:>24}",
        f"{'2nd worker RSS MB':<44}{file['rss_mb']:>14}{built['rss_mb']:>24}",
        f"{'2nd worker private (unshared) MB':<44}{file['private_mb']:>14}"
        f"{built['private_mb']:>24}",
        f"{'2nd worker PSS MB':<44}{file['pss_mb']:>14}{built['pss_mb']:>24}",
        *workers.table(report["gunicorn"], meaning=False),
        f"saving the index after an ingest: {report['save_s']} s",
        f"brute force p50 {report['brute_force']['p50']} ms a query: --batch is "
        f"{report['batch_speedup']}x faster",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=200_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--brute", type=int, default=20, help="brute-force queries (sampled)")
    parser.add_argument("--db", help="an archive made by an earlier run (--keep), reused")
    parser.add_argument("--keep", help="keep the archive at this path for later runs")
    parser.add_argument("--real", type=Path, help="real news articles (see bench/realtext.py)")
    parser.add_argument("--meaning", action="store_true", help="also the saved vector index")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.keep and not args.db:
            args.db = args.keep
        db, claims = prepare(args, folder)
        report = {
            "machine": f"{os.cpu_count()} cores, Python {sys.version.split()[0]}",
            "python_loop_ms": scale.python_loop_ms(),
            "sentences": Store(f"sqlite:///{db}").passage_count(),
            **measure(db, claims, folder, args.brute),
        }
        if args.meaning:
            report["meaning"] = cold_meaning.measure(db, claims)
    lines = table(report) + (cold_meaning.table(report["meaning"]) if args.meaning else [])
    print(json.dumps(report, indent=2) if args.json else "\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
