"""`bench.scale --meaning`: the scale benchmark with a real vector for every passage.

After `bench.scale` has ingested the corpus and timed the words, this
1. runs `factdesk embed --json` on the archive in a process of its own (the product's
   command, model load included): its wall seconds, passages a second, CPU seconds
   (passages per CPU-second), the encoding threads it had and its peak RSS (VmHWM,
   read from /proc while it runs);
2. in another fresh process, starts what a server starts (`Store.start_memory_index`,
   then `handlers.meaning.start_server_meaning`: the model in the background, the vector
   index, the thread that embeds what others add) and times how long until the vector
   index is ready;
3. asks the /claim queries with meaning on through that server path, the claim's
   embedding included (every query is new to the query cache), for p50/p95/p99 and
   recall@5, beside the query embedding alone, with that process's peak RSS by phase.
"""

from __future__ import annotations

import json
import multiprocessing
import resource
import subprocess
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from bench.asked import SCOPE, Asked, undecidable

POLL = 0.25


class Watched:
    """A child process's peak RSS (VmHWM), read every POLL seconds while it runs."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak_kb = pid, 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    def _poll(self) -> None:
        status = Path(f"/proc/{self.pid}/status")
        while not self._done.wait(POLL):
            try:
                lines = status.read_text().splitlines()
            except OSError:
                return
            for line in lines:
                if line.startswith("VmHWM:"):
                    self.peak_kb = max(self.peak_kb, int(line.split()[1]))

    def stop(self) -> int:
        self._done.set()
        self._thread.join()
        return round(self.peak_kb / 1024)


def embed(url: str) -> dict:
    """`factdesk embed --json` over the whole archive, in its own process, measured: its
    CPU seconds are the child's own (RUSAGE_CHILDREN before and after it is waited for)."""
    from handlers.onnx_encoder import threads

    command = [sys.executable, "-m", "bot", "embed", "--json", "--db", url]
    command += ["--workspace", SCOPE.workspace]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    watched = Watched(child.pid)
    out, err = child.communicate()
    wall, peak = time.perf_counter() - started, watched.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if child.returncode != 0:
        raise RuntimeError(f"factdesk embed failed: {err.strip()[-500:]}")
    summary = json.loads(out.strip().splitlines()[-1])
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    per_cpu = round(summary["embedded"] / cpu, 1) if cpu else None
    return {
        **summary,
        "command_s": round(wall, 1),
        "cpu_s": round(cpu, 1),
        "per_cpu_second": per_cpu,
        "threads": threads(),
        "peak_rss_mb": peak,
    }


def serve_and_ask(url: str, asked: Asked) -> dict:
    """What a server starts, then the /claim queries with meaning on (a fresh process)."""
    from bench.scale import peak_rss_mb, recall
    from handlers.claim import claim
    from handlers.embedding import MEANING
    from handlers.meaning import start_server_meaning
    from store import Store

    store = Store(url)
    peaks: dict[str, int] = {}
    try:
        started = time.perf_counter()
        store.start_memory_index(wait=True)
        memory_s, peaks["memory index"] = time.perf_counter() - started, peak_rss_mb()
        started = time.perf_counter()
        start_server_meaning(store)
        embedder = _vector_index_ready(store, MEANING)
        vectors_s, peaks["model and vector index"] = time.perf_counter() - started, peak_rss_mb()
        targets = [t for _, t in asked.claims]
        embedding, _ = timed(embedder.query, targets)  # not asked below: the cache stays cold
        latency, answers = timed(lambda q: claim(store, q, SCOPE), [q for q, _ in asked.claims])
        peaks["claim with meaning"] = peak_rss_mb()
        return {
            "memory_index_s": round(memory_s, 1),
            "vector_index_s": round(vectors_s, 1),
            "vectors": len(store.vector_index.ids),
            "query_embedding": embedding,
            "claim": {
                **latency,
                "recall@5": recall(asked.claims, answers),
                "misses_undecidable": undecidable(asked.claims, answers),
            },
            "peak_rss_mb_after": peaks,
            "peak_rss_mb": peak_rss_mb(),
        }
    finally:
        store.close()


def timed(run, items: list[str]) -> tuple[dict, list]:
    """bench.scale's wall percentiles, with the CPU time of this process beside them
    (which a busy machine inflates less than the wall time)."""
    from bench.scale import _percentiles

    for item in items[:5]:  # warm, on texts never timed (a claim's vector is cached by text)
        run(f"{item} (warming up)")
    walls, cpus, answers = [], [], []
    for item in items:
        wall, cpu = time.perf_counter(), time.process_time()
        answers.append(run(item))
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    cpu = {f"cpu_{k}": v for k, v in _percentiles(cpus).items()}
    return {**_percentiles(walls), **cpu}, answers


def _vector_index_ready(store, meaning):
    """The loaded model, once the server's vector index holds the stored vectors."""
    meaning.wait()
    if meaning.ready() is None:
        raise RuntimeError(f"meaning is off: {meaning.reason}")
    while store.vector_index is None:
        time.sleep(0.05)
    store.vector_index.ready.wait()
    return meaning.ready()


def measure(url: str, asked: Asked) -> dict:
    """Embed the archive, then ask it by meaning as a server does, each in its own
    process (so that each peak RSS is that process's alone)."""
    print("== meaning: factdesk embed", file=sys.stderr)
    result = {"embed": embed(url)}
    print("== meaning: a server's /claim", file=sys.stderr)
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as pool:
        result.update(pool.submit(serve_and_ask, url, asked).result())
    return result


def rows() -> list[tuple[str, object]]:
    """The table rows `bench.scale` prints for a run with --meaning."""
    pct = ("p50", "p95", "p99")
    cpu = tuple(f"cpu_{p}" for p in pct)

    def got(*keys):
        def cell(r: dict) -> str:
            found = r.get("meaning")
            for key in keys:
                found = found[key] if found else None
            return "n/a" if found is None else str(found)

        return cell

    def embed_rate(r: dict) -> str:
        e = r["meaning"]["embed"]
        return f"{e['per_second']} ({e['per_cpu_second']}, {e['threads']} thr)"

    return [
        ("embed: passages (whole run s)", lambda r: _embedded(r)),
        ("embed: passages/s (per CPU s)", embed_rate),
        ("embed: peak RSS MB", got("embed", "peak_rss_mb")),
        ("vector index ready s", got("vector_index_s")),
        ("query embedding p50/p95 ms", lambda r: _pcts(r["meaning"]["query_embedding"], pct[:2])),
        ("/claim+meaning p50/p95/p99 ms", lambda r: _pcts(r["meaning"]["claim"], pct)),
        ("  the same, CPU ms", lambda r: _pcts(r["meaning"]["claim"], cpu)),
        ("/claim+meaning recall@5", got("claim", "recall@5")),
        ("  misses no word told apart", got("claim", "misses_undecidable")),
        ("peak RSS MB, meaning server", got("peak_rss_mb")),
        ("  after memory/vectors/claims", lambda r: _phases(r["meaning"])),
    ]


def _embedded(r: dict) -> str:
    e = r["meaning"]["embed"]
    return f"{e['embedded']:,} ({e['command_s']})"


def _pcts(found: dict, keys: tuple[str, ...]) -> str:
    return "/".join(str(found[k]) for k in keys)


def _phases(found: dict) -> str:
    return "/".join(str(mb) for mb in found["peak_rss_mb_after"].values())
