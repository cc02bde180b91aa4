"""`factdesk claim --batch FILE --json` as a script runs it: one process for every query,
timed from start to exit (so its start-up is shared by the queries), recall@5 from its
JSON Lines."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.asked import SCOPE


def claim_batch(url: str, claims: list[tuple[str, str]]) -> dict:
    """Run the CLI over the queries of `claims` against the database at `url`."""
    with tempfile.TemporaryDirectory() as folder:
        batch = Path(folder) / "claims.txt"
        batch.write_text("".join(f"{query}\n" for query, _ in claims), encoding="utf-8")
        command = [sys.executable, "-m", "bot", "claim", "--batch", str(batch), "--json"]
        command += ["--db", url, "--workspace", SCOPE.workspace]
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, env=os.environ, check=True)
        seconds = time.perf_counter() - started
    answers = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    hits = sum(
        target in {r["excerpt"] for r in answer["results"]}
        for (_, target), answer in zip(claims, answers, strict=True)
    )
    return {
        "queries": len(claims),
        "ms_per_query": round(seconds * 1000 / max(1, len(claims)), 1),
        "recall@5": round(hits / max(1, len(claims)), 3),
    }
