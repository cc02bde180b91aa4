"""`python -m bench.slack_latency`: Slack slash commands over the wire, timed.

Indexes ../shared/corpus into a temporary SQLite database, serves the real Slack app
on 127.0.0.1 (the WSGI app of `python -m bot serve`), points it at the recording fake
Slack server of the tests, and sends N signed slash commands one after another. Reports
the time from sending a request to its HTTP 200 (Slack wants it within 3 s; the search
runs after the ack) and to the answer posted at the fake response_url.
"""

from __future__ import annotations

import argparse
import itertools
import logging
import sys
import tempfile
import time
from pathlib import Path

from handlers.ingest import ingest_paths
from store import Scope, Store
from tests.fake_slack import FakeSlack
from tests.slack_wire import Wire

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
COMMANDS = [
    ("/claim", "North Korea has sent 11,000 soldiers to Kursk"),
    ("/who", "Zelensky"),
    ("/figures", "troops"),
    ("/factdesk", "claim Russia lost half a million soldiers since 2022"),
    ("/claim", "Ukrainian forces clashed with North Korean units on November 4"),
    ("/who", "Kim Jong Un"),
    ("/factdesk", "figures casualties"),
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run(wire: Wire, count: int) -> tuple[list[float], list[float], int]:
    """Send `count` commands; the ack and answer latencies in milliseconds, and errors."""
    acks, sent, errors = [], [], 0
    for command, text in itertools.islice(itertools.cycle(COMMANDS), count):
        started = time.monotonic()
        response = wire.command(command, text)
        acks.append((time.monotonic() - started) * 1000)
        errors += response.status != 200
        sent.append((started, response.response_url.removeprefix(wire.fake.url[:-1])))
    answers = []
    for started, path in sent:
        answered = wire.fake.wait(path, timeout=30)[0]
        answers.append((answered.at - started) * 1000)
    return acks, answers, errors


def table(acks: list[float], answers: list[float], errors: int, documents: int) -> str:
    rows = [
        ("requests", f"{len(acks)}", f"errors {errors}", f"{documents} documents"),
        (
            "HTTP 200 (ack)",
            f"p50 {percentile(acks, 0.5):7.1f} ms",
            f"p99 {percentile(acks, 0.99):7.1f} ms",
            f"max {max(acks):7.1f} ms",
        ),
        (
            "posted answer",
            f"p50 {percentile(answers, 0.5):7.1f} ms",
            f"p95 {percentile(answers, 0.95):7.1f} ms",
            f"max {max(answers):7.1f} ms",
        ),
    ]
    return "\n".join(f"{a:<16} {b:<18} {c:<18} {d}" for a, b, c, d in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100, help="slash commands (default 100)")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus not found at {args.corpus}", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as folder:
        store = Store(f"sqlite:///{folder}/bench.db")
        ingest_paths(store, [args.corpus], Scope())
        with FakeSlack() as fake, Wire(store, fake) as wire:
            wire.answer_to(wire.command("/who", "Zelensky"))  # warm: auth.test, first query
            acks, answers, errors = run(wire, args.count)
        print(table(acks, answers, errors, store.document_count(Scope())))
        store.close()
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())
