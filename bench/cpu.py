"""CPU seconds spent by this process and every process below it (ingest's workers),
so that a run on a shared machine can say what ingest cost, not only how long it took.

Linux only (/proc): a thread reads the descendants' CPU times every POLL seconds and
keeps each one's last reading, so a worker that exits is counted up to its last poll
(at most POLL seconds short). Elsewhere `Meter.seconds` is None."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

POLL = 0.5
_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, user + system CPU seconds) of `pid`, or None if it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw.rpartition(")")[2].split()  # after the command name, which may hold spaces
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / _TICK


def _descendants(root: int) -> dict[int, float]:
    stats = {
        int(p.name): s
        for p in Path("/proc").iterdir()
        if p.name.isdigit()
        if (s := _stat(int(p.name)))
    }
    children: dict[int, list[int]] = {}
    for pid, (parent, _) in stats.items():
        children.setdefault(parent, []).append(pid)
    found, todo = {}, list(children.get(root, []))
    while todo:
        pid = todo.pop()
        found[pid] = stats[pid][1]
        todo.extend(children.get(pid, []))
    return found


class Meter:
    """`with Meter() as meter: ...`, then `meter.seconds`."""

    def __init__(self) -> None:
        self.seconds: float | None = None
        self._seen: dict[int, float] = {}
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def __enter__(self) -> Meter:
        self._before = _descendants(os.getpid()) if Path("/proc/self/stat").exists() else None
        self._own = time.process_time()
        if self._before is not None:
            self._thread.start()
        return self

    def _poll(self) -> None:
        while not self._done.wait(POLL):
            self._seen.update(_descendants(os.getpid()))

    def __exit__(self, *_exc: object) -> None:
        own = time.process_time() - self._own
        if self._before is None:
            return
        self._done.set()
        self._thread.join()
        self._seen.update(_descendants(os.getpid()))
        others = sum(cpu - self._before.get(pid, 0.0) for pid, cpu in self._seen.items())
        self.seconds = round(own + others, 2)
