"""A one-shot `factdesk claim` with meaning on: seconds from exec to exit, import included.

On a SQLite archive of bench/scale.py's generated articles (or --db, one you have) with a
vector for every passage, runs `factdesk claim QUERY` in a new process --runs times and
keeps the best (wall and CPU seconds of the child), beside the same with
FACTDESK_MEANING=off; then once under `python -X importtime`, for the slowest imports and
to show that torch is never imported. Vectors: the first --real passages are encoded by
the model; the rest are perturbed copies of those (a real vector plus a little noise,
renormalised, as bench/vectors.py grows its sets), since encoding 200,000 passages on a
shared 2-core machine takes most of an hour and the one-shot path's cost does not depend
on which vectors they are.

    python -m bench.startup --sentences 200000 [--db PATH] [--keep PATH] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from bench import scale
from bench.asked import SCOPE, SEED
from handlers.embedding import MEANING
from handlers.meaning import embed_missing
from store import Store


class Recycled:
    """The real model for the first `real` texts, perturbed copies of theirs after."""

    def __init__(self, embedder, real: int) -> None:
        self.embedder, self.real, self.pool = embedder, real, []
        self.rng = np.random.default_rng(SEED)

    def encode(self, texts: list[str]) -> np.ndarray:
        if sum(len(p) for p in self.pool) < self.real:
            self.pool.append(self.embedder.encode(texts))
            return self.pool[-1]
        pool = np.concatenate(self.pool)
        found = pool[self.rng.integers(0, len(pool), len(texts))]
        found = found + 0.02 * self.rng.normal(size=found.shape).astype(np.float32)
        return (found / np.linalg.norm(found, axis=1, keepdims=True)).astype(np.float32)


def prepare(args: argparse.Namespace, folder: Path) -> tuple[Path, str]:
    """The archive (built once, kept with --keep) and a claim to ask of it."""
    corpus = folder / "corpus"
    _, asked = scale.write_articles(args, [], corpus)
    db = Path(args.db or args.keep or folder / "startup.db")
    if not db.exists():
        print(f"== ingesting into {db}", file=sys.stderr)
        store = Store(f"sqlite:///{db}")
        scale.ingest(store, corpus)
        store.open_index(build=True)  # what `factdesk index` saves after an ingest
        MEANING.start()
        started = time.perf_counter()
        stored = embed_missing(store, Recycled(MEANING.ready(), args.real))
        print(f"== {stored:,} vectors in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        store.close()
    return db, asked.claims[0][0]


def one_shot(db: Path, query: str, meaning: bool, *flags: str) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds, stderr) of one `factdesk claim` process."""
    env = {**os.environ, "FACTDESK_MEANING": "on" if meaning else "off"}
    command = [sys.executable, *flags, "-m", "bot", "claim", query, "--json"]
    where = ["--db", f"sqlite:///{db}", "--workspace", SCOPE.workspace]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    run = subprocess.run([*command, *where], env=env, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    assert json.loads(run.stdout)["results"], "the claim found nothing"
    return wall, cpu, run.stderr


def slowest_imports(stderr: str, count: int = 8) -> list[tuple[str, float]]:
    """The top-level imports taking longest (cumulative ms) in -X importtime's report."""
    found = re.findall(r"import time:\s+\d+ \|\s+(\d+) \| ( ?)([\w.]+)\n", stderr)
    top = [(name, int(us) / 1000) for us, indent, name in found if not indent]
    return sorted(top, key=lambda t: -t[1])[:count]


def measure(db: Path, query: str, runs: int) -> dict:
    report = {}
    for label, meaning in (("meaning", True), ("words_only", False)):
        timings = [one_shot(db, query, meaning)[:2] for _ in range(runs)]
        wall, cpu = min(timings)
        report[label] = {
            "best_wall_s": round(wall, 2),
            "cpu_s": round(cpu, 2),
            "walls_s": [round(w, 2) for w, _ in timings],
        }
    _, _, stderr = one_shot(db, query, True, "-X", "importtime")
    modules = set(re.findall(r"\|\s+([\w.]+)\n", stderr))
    report["torch_imported"] = any(m.split(".")[0] == "torch" for m in modules)
    report["slowest_imports_ms"] = dict(slowest_imports(stderr))
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=200_000)
    parser.add_argument("--queries", type=int, default=10)
    parser.add_argument("--real", type=int, default=5_000, help="passages encoded for real")
    parser.add_argument("--runs", type=int, default=5, help="one-shot runs; the best is kept")
    parser.add_argument("--db", help="an archive built before (with vectors)")
    parser.add_argument("--keep", help="build the archive here and keep it")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db, query = prepare(args, Path(tmp))
        store = Store(f"sqlite:///{db}")
        stats = store.documents.stats(SCOPE)
        store.close()
        report = {"passages": stats.passages, "query": query, **measure(db, query, args.runs)}
    print(json.dumps(report, indent=None if args.json else 1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
