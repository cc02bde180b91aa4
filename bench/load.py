"""`python -m bench.load` (`make load`): signed slash commands against the production server.

1. An index of at least --sentences news-like sentences in bench-out/load.db (built once,
   reused when big enough; bench/load_index.py): generated documents through
   handlers.ingest.build_document, and a vector for each passage unless FACTDESK_MEANING=off.
2. The recording fake Slack of the tests, in this process, on 127.0.0.1.
3. The production shape as separate processes on a free 127.0.0.1 port, its Slack API
   pointed at the fake: gunicorn with one worker per core (--gunicorn-workers), all
   opening the saved candidate index and sharing the modules their arbiter imported
   (bot/gunicorn_config.py); `--gunicorn-workers 0` runs `python -m bot serve`.
4. --requests signed slash commands spread evenly over --seconds, sent by a pool of
   threads (open loop: each leaves at its own time whatever the others do); each has its
   own response_url on the fake.
5. Waits (bounded) for the answers, stops the server and reports: requests, errors, ack
   latency p50/p99/max, answers received (exactly one per request), answer p50/p95.

Exit status 0 only when errors == 0, every ack < 3 s and every request got one answer.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

from bench.load_index import build_index
from tests.fake_slack import BOT_TOKEN, TEAM, FakeSlack

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench-out"
SECRET = "load-signing-secret"
ACK_LIMIT = 3.0  # seconds: Slack's deadline for the HTTP 200
COMMANDS = [
    ("/claim", "North Korea has sent 11,000 soldiers to Kursk"),
    ("/who", "Zelensky"),
    ("/figures", "drones"),
    ("/factdesk", "claim about 4,000 tanks were moved towards Kharkiv"),
    ("/claim", "Rustem Umerov said 2,500 trucks arrived near Odesa"),
    ("/who", "Petrenko"),
    ("/factdesk", "figures casualties"),
]


# ---- the server -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(
    url: str, fake: FakeSlack, port: int, workers: int, preload: bool = True, **settings: str
) -> subprocess.Popen:
    """The production shape: gunicorn with `workers` processes (all opening the saved
    candidate index, one of them building it first when there is none), their modules
    imported by the arbiter before it forks (bot/gunicorn_config.py) unless not `preload`;
    0 runs `python -m bot serve`, one process. `settings`: more environment variables."""
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake.url + "api/",
        "FACTDESK_DATABASE_URL": url,
        "PYTHONPATH": str(ROOT),
        **settings,
    }
    env.pop("SLACK_APP_TOKEN", None)
    command = _server_command(url, port, workers, preload)
    server = subprocess.Popen(command, cwd=OUT, env=env, stderr=subprocess.PIPE, text=True)
    return _ready(server, port)


def _server_command(url: str, port: int, workers: int, preload: bool) -> list[str]:
    """gunicorn with `workers` processes (its config unless not `preload`), or `bot serve`."""
    if workers:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        return [
            str(gunicorn),
            *(["-c", "python:bot.gunicorn_config"] if preload else []),
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "--threads",
            "8",
            "-k",
            "gthread",
            "--log-level",
            "warning",
            "bot.serve:application",
        ]
    return [sys.executable, "-m", "bot", "serve", "--port", str(port), "--db", url]


def _ready(server: subprocess.Popen, port: int) -> subprocess.Popen:
    """`server` once its /healthz says the candidate index is ready (at most 120 s)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped: {server.stderr.read()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as health:
                if json.loads(health.read()).get("memory_index") == "ready":
                    return server
        except OSError:
            pass
        time.sleep(0.1)
    server.kill()
    raise SystemExit("the server's index was not ready within 120 s")


# ---- the load -------------------------------------------------------------------------------


def send(
    port: int, fake: FakeSlack, n: int, verifier: SignatureVerifier
) -> tuple[float, float, int]:
    """One signed slash command; (sent at, ack seconds, HTTP status or 0 on a failure)."""
    command, text = COMMANDS[n % len(COMMANDS)]
    body = urlencode(
        {
            "team_id": TEAM,
            "channel_id": "C0LOAD",
            "user_id": f"U{n:05d}",
            "command": command,
            "text": text,
            "response_url": fake.response_url(f"load-{n}"),
            "trigger_id": f"{n}.1.1",
        }
    )
    stamp = str(int(time.time()))
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/slack/events",
        data=body.encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": verifier.generate_signature(timestamp=stamp, body=body),
        },
    )
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except OSError:
        status = 0
    return started, time.monotonic() - started, status


def run(port: int, fake: FakeSlack, requests: int, seconds: float, workers: int) -> list:
    verifier = SignatureVerifier(SECRET)
    interval = seconds / requests
    begin = time.monotonic() + 0.2

    def at_its_time(n: int):
        time.sleep(max(0.0, begin + n * interval - time.monotonic()))
        return send(port, fake, n, verifier)

    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        return list(pool.map(at_its_time, range(requests)))


def collect(fake: FakeSlack, sent: list, wait: float) -> tuple[list[float], list[int]]:
    """Answer latencies (seconds) and the number of answers per request, waiting at most `wait`."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if len({c.path for c in fake.find("/response/load-")}) >= len(sent):
            break
        time.sleep(0.1)
    time.sleep(0.5)  # a duplicate answer would arrive now
    answers: dict[int, list[float]] = {}
    for call in fake.find("/response/load-"):
        n = int(call.path.split("load-")[1].strip("/"))
        answers.setdefault(n, []).append(call.at)
    latencies = [min(answers[n]) - sent[n][0] for n in answers]
    return latencies, [len(answers.get(n, [])) for n in range(len(sent))]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else 0.0


def report(sent: list, latencies: list[float], counts: list[int], sentences: int) -> dict:
    acks = [seconds for _, seconds, _ in sent]
    ms = 1000
    return {
        "sentences": sentences,
        "requests": len(sent),
        "errors": sum(status != 200 for _, _, status in sent),
        "ack_ms": {
            "p50": percentile(acks, 0.5) * ms,
            "p99": percentile(acks, 0.99) * ms,
            "max": max(acks) * ms,
        },
        "acks_over_3s": sum(a >= ACK_LIMIT for a in acks),
        "answers": sum(counts),
        "requests_with_exactly_one_answer": sum(c == 1 for c in counts),
        "answer_ms": {
            "p50": percentile(latencies, 0.5) * ms,
            "p95": percentile(latencies, 0.95) * ms,
        },
        "span_s": sent[-1][0] - sent[0][0],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=32, help="sending threads")
    parser.add_argument("--db", default=f"sqlite:///{OUT / 'load.db'}")
    parser.add_argument(
        "--gunicorn-workers",
        type=int,
        default=os.cpu_count() or 2,
        help="gunicorn worker processes, one per core by default; 0: one `bot serve` process",
    )
    args = parser.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    print(f"index: at least {args.sentences:,} sentences in {args.db}", flush=True)
    sentences = build_index(args.db, args.sentences)
    with FakeSlack() as fake:
        port = free_port()
        server = start_server(args.db, fake, port, args.gunicorn_workers)
        shape = f"gunicorn, {args.gunicorn_workers} workers" if args.gunicorn_workers else "serve"
        print(f"server: {shape}", flush=True)
        try:
            print(f"sending {args.requests} slash commands over {args.seconds:.0f} s", flush=True)
            sent = run(port, fake, args.requests, args.seconds, args.workers)
            latencies, counts = collect(fake, sent, wait=300)
        finally:
            server.terminate()
            server.wait(timeout=10)
    figures = report(sent, latencies, counts, sentences)
    (OUT / "load.json").write_text(json.dumps(figures, indent=2))
    print(json.dumps(figures, indent=2))
    ok = (
        figures["errors"] == 0
        and figures["acks_over_3s"] == 0
        and figures["requests_with_exactly_one_answer"] == figures["requests"] == figures["answers"]
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
