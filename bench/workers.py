"""What each gunicorn worker adds: the memory of real workers, their modules imported by the
arbiter before it forks (bot/gunicorn_config.py) and, before that, each importing its own.

gunicorn serves the archive with --workers processes, pointed at the recording fake Slack
of the tests; each kind of slash command is sent --commands times (signed, as Slack would)
and answered; then each worker's memory is read from /proc: RSS, PSS (shared pages split
between the processes that map them), private (pages no other process maps: what one
more worker costs) and of those the dirty ones (written: its heap and the pages it copied;
the clean rest are pages of files, the saved index or a library, that only it has read so
far, which the kernel can drop and reread), and how much of it are pages of the arbiter the
worker wrote to and so copied (bench/shared_pages.py; as root). With meaning on, each
worker's model has loaded first.

    python -m bench.workers --db PATH [--workers 2] [--meaning] [--workspace bench] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from slack_sdk.signature import SignatureVerifier

from bench import load, shared_pages
from tests.fake_slack import FakeSlack

LOADING = "loading"  # in /healthz's meaning line while a worker's model loads


def memory(pid: int) -> dict:
    """RSS, PSS and private MB of one process (/proc/PID/smaps_rollup)."""
    fields: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":", 1)
        fields[name] = int(value.split()[0])
    private = fields["Private_Clean"] + fields["Private_Dirty"]
    mb = {"rss_mb": fields["Rss"], "pss_mb": fields["Pss"], "private_mb": private}
    mb["private_dirty_mb"] = fields["Private_Dirty"]  # written: the heap, copied-on-write pages
    return {k: round(v / 1024, 1) for k, v in mb.items()}


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid`: gunicorn's workers."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
        except (OSError, ValueError):
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


def health(port: int) -> dict:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as answer:
        return json.loads(answer.read())


def settle(port: int, workers: int, meaning: bool, deadline: float = 300) -> None:
    """Until every worker's model has loaded (a run of health checks, which land on any
    worker, with none still loading)."""
    until, calm = time.monotonic() + deadline, 0
    while meaning and calm < 5 * workers and time.monotonic() < until:
        calm = 0 if LOADING in health(port)["meaning"] else calm + 1
        time.sleep(0.2)


def ask(port: int, fake: FakeSlack, commands: int) -> int:
    """Each kind of slash command `commands` times, one after another; the answers."""
    verifier = SignatureVerifier(load.SECRET)
    total = commands * len(load.COMMANDS)
    statuses = [load.send(port, fake, n, verifier)[2] for n in range(total)]
    until = time.monotonic() + 120
    while len({c.path for c in fake.find("/response/load-")}) < total:
        if time.monotonic() > until:
            break
        time.sleep(0.1)
    return sum(status == 200 for status in statuses)


def measure(
    url: str, workers: int, preload: bool, meaning: bool, commands: int, workspace: str
) -> dict:
    """One gunicorn run: the arbiter's and each worker's memory after `commands` rounds."""
    load.OUT.mkdir(exist_ok=True)  # gunicorn's working folder
    with FakeSlack() as fake:
        port = load.free_port()
        env = {"FACTDESK_MEANING": "on" if meaning else "off", "FACTDESK_WORKSPACE": workspace}
        server = load.start_server(url, fake, port, workers, preload, **env)
        try:
            settle(port, workers, meaning)
            answered = ask(port, fake, commands)
            figures = [memory(pid) for pid in children(server.pid)]
            copied = [shared_pages.copied_mb(pid, server.pid) for pid in children(server.pid)]
            arbiter = memory(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
    private = [f["private_mb"] for f in figures]
    return {
        "answered": answered,
        "arbiter": arbiter,
        "workers": figures,
        "worker_private_mb": max(private),
        "worker_private_dirty_mb": max(f["private_dirty_mb"] for f in figures),
        "worker_pss_mb": max(f["pss_mb"] for f in figures),
        "worker_rss_mb": max(f["rss_mb"] for f in figures),
        "worker_copied_mb": None if None in copied else max(copied),  # from the arbiter
    }


def side_by_side(script: str, args: list[str], count: int, timeout: float) -> dict:
    """`count` processes running `script` up at once, each printing one JSON line of its
    figures and then waiting on standard input; the figures of the last, while the others
    still run (what one more process adds: its private memory). Floats to 2 places."""
    running, figures = [], {}
    try:
        for _ in range(count):
            process = subprocess.Popen(
                [sys.executable, "-c", script, *args],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            running.append(process)
            figures = json.loads(process.stdout.readline())
    finally:
        for process in running:
            process.communicate(timeout=timeout)
    return {k: round(v, 2) if isinstance(v, float) else v for k, v in figures.items()}


def compare(
    url: str, workers: int = 2, meaning: bool = False, commands: int = 2, workspace: str = "bench"
) -> dict:
    """The same run with the arbiter's imports shared (the config) and without; the
    commands are answered from `workspace`'s documents (bench/scale.py's: "bench")."""
    both = {"preloaded": True, "each_imports": False}
    return {
        name: measure(url, workers, preload, meaning, commands, workspace)
        for name, preload in both.items()
    }


def table(report: dict, meaning: bool) -> list[str]:
    after, before = report["preloaded"], report["each_imports"]
    label = "meaning on" if meaning else "meaning off"
    rows = [f"{'gunicorn worker (' + label + ')':<44}{'preloaded':>14}{'each imports':>24}"]
    names = {"private": "private (unshared)", "private_dirty": "  of it dirty", "pss": "PSS"}
    for key, name in (*names.items(), ("rss", "RSS")):
        shown = after[f"worker_{key}_mb"], before[f"worker_{key}_mb"]
        rows.append(f"{'  worker ' + name + ' MB':<44}{shown[0]:>14}{shown[1]:>24}")
    copied = [str(r.get("worker_copied_mb", "n/a")) for r in (after, before)]
    rows.append(f"{'  of it copied from the arbiter MB':<44}{copied[0]:>14}{copied[1]:>24}")
    arbiter = after["arbiter"]["rss_mb"], before["arbiter"]["rss_mb"]
    rows.append(f"{'  arbiter RSS MB':<44}{arbiter[0]:>14}{arbiter[1]:>24}")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a SQLite archive (its saved index beside)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--commands", type=int, default=2, help="rounds of the slash commands")
    parser.add_argument("--meaning", action="store_true", help="with the model in each worker")
    parser.add_argument("--workspace", default="bench", help="whose documents (default bench)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    url = args.db if "://" in args.db else f"sqlite:///{Path(args.db).resolve()}"
    report = compare(url, args.workers, args.meaning, args.commands, args.workspace)
    print(json.dumps(report, indent=2) if args.json else "\n".join(table(report, args.meaning)))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    sys.exit(main())
