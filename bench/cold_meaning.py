"""`bench.cold --meaning`: the saved vector index (store/search/vector_file.py) beside a
vector index each process builds for itself, on an archive whose passages have vectors.

- saving it (what `factdesk embed` does at its end), built on every core;
- a one-shot `factdesk claim` with meaning on: seconds from exec to exit, the model's
  query encoder and the mapped vector index included;
- a server's vector index: seconds until ready, opened from the file and built from the
  database; and what a second such process adds (RSS, PSS, private MB) while a first one
  still runs, each with the model loaded and having answered /claim by meaning;
- real gunicorn workers with meaning on (bench/workers.py), sharing the file.

    python -m bench.cold --meaning ...   (or alone: python -m bench.cold_meaning --db PATH)
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench import workers
from store import Store

VECTOR_WORKER = """
import json, sys, time
from handlers.claim import claim
from handlers.embedding import MEANING
from handlers.model_files import DIMENSIONS, MODEL
from store import Scope, Store
url, mode, queries = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
store = Store(url)
store.open_index()
MEANING.start()
MEANING.wait()
started = time.perf_counter()
store.start_vector_index(MODEL, DIMENSIONS, wait=True, saved=mode == "file")
ready = time.perf_counter() - started
for q in queries:
    claim(store, q, Scope("bench"))
status = dict(line.split(":", 1) for line in open("/proc/self/status").read().splitlines())
rollup = open("/proc/self/smaps_rollup").read().splitlines()
private = sum(int(l.split()[1]) for l in rollup if l.startswith(("Private_Clean", "Private_Dirty")))
pss = sum(int(l.split()[1]) for l in rollup if l.startswith("Pss:"))
print(json.dumps({"ready_s": ready, "rss_mb": int(status["VmRSS"].split()[0]) / 1024,
                  "private_mb": private / 1024, "pss_mb": pss / 1024,
                  "from_file": bool(store.vector_index.opened)}), flush=True)
sys.stdin.read()  # stay up, mapping the index, until the bench lets go
store.close()
"""


def processes(url: str, mode: str, queries: list[str], count: int = 2) -> dict:
    """`count` processes up at once; the figures of the last while the others still run."""
    return workers.side_by_side(VECTOR_WORKER, [url, mode, json.dumps(queries)], count, 600)


def oneshot(db: Path, claim: str) -> float:
    """Seconds a one-shot `factdesk claim` with meaning on took, exec to exit."""
    env = {**os.environ, "FACTDESK_MEANING": "on"}
    command = [sys.executable, "-m", "bot", "claim", claim, "--db", f"sqlite:///{db}"]
    started = time.perf_counter()
    subprocess.run(
        [*command, "--workspace", "bench"], env=env, stdout=subprocess.DEVNULL, check=True
    )
    return time.perf_counter() - started


def measure(db: Path, claims: list[tuple[str, str]]) -> dict:
    from handlers.model_files import DIMENSIONS, MODEL

    url = f"sqlite:///{db}"
    store = Store(url)
    report: dict = {"vectors": store.vectors.count(MODEL)}
    print("== saving the vector index", file=sys.stderr)
    started = time.perf_counter()
    store.save_vector_index(MODEL, DIMENSIONS)
    report["vector_save_s"] = round(time.perf_counter() - started, 1)
    store.close()
    print("== one-shot claim with meaning", file=sys.stderr)
    one = claims[0][0]
    report["oneshot_meaning_s"] = round(statistics.median(oneshot(db, one) for _ in range(3)), 2)
    sample = [q for q, _ in claims[:10]]
    print("== vector index: two processes from the file, two building their own", file=sys.stderr)
    report["vector_from_file"] = processes(url, "file", sample)
    report["vector_built"] = processes(url, "build", sample)
    print("== gunicorn workers with meaning", file=sys.stderr)
    report["gunicorn_meaning"] = workers.compare(url, meaning=True)
    return report


def table(report: dict) -> list[str]:
    file, built = report["vector_from_file"], report["vector_built"]
    return [
        f"meaning: {report['vectors']:,} vectors",
        f"{'':<44}{'saved vectors':>14}{'each builds':>24}",
        f"{'vector index ready s':<44}{file['ready_s']:>14}{built['ready_s']:>24}",
        f"{'2nd process private MB (meaning on)':<44}{file['private_mb']:>14}"
        f"{built['private_mb']:>24}",
        f"{'2nd process PSS MB (meaning on)':<44}{file['pss_mb']:>14}{built['pss_mb']:>24}",
        f"{'2nd process RSS MB (meaning on)':<44}{file['rss_mb']:>14}{built['rss_mb']:>24}",
        f"{'one-shot factdesk claim, meaning on, s':<44}{report['oneshot_meaning_s']:>14}",
        *workers.table(report["gunicorn_meaning"], meaning=True),
        f"saving the vector index (all cores): {report['vector_save_s']} s",
    ]


def sample_claims(db: Path, count: int = 10) -> list[tuple[str, str]]:
    """Claims for a standalone run: passages of the archive itself, spread over it."""
    store = Store(f"sqlite:///{db}")
    total = store.passage_count()
    ids = [1 + n * max(total // count, 1) for n in range(count)]
    texts = [row.text for row in store.passages.rows(ids)]
    store.close()
    return [(text, text) for text in texts]


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, type=Path, help="a SQLite archive with vectors")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    report = measure(args.db, sample_claims(args.db))
    print(json.dumps(report, indent=2) if args.json else "\n".join(table(report)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
