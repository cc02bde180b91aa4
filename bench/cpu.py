"""CPU seconds spent by this process and every process below it (ingest's workers),
so that a run on a shared machine can say what ingest cost, not only how long it took;
and the peak of their memory together, read at each poll: the sum of their RSS (pages they
share counted in each, so an upper bound) and the sum of their PSS (each shared page divided
among the processes that map it, so the memory they take together).

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
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _stat(pid: int) -> tuple[int, float, int] | None:
    """(parent pid, user + system CPU seconds, RSS bytes) of `pid`, or None if it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw.rpartition(")")[2].split()  # after the command name, which may hold spaces
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / _TICK, int(fields[21]) * _PAGE


def _pss(pid: int) -> int:
    """The proportional set size of `pid` in bytes (0 if it is gone or the kernel has no
    smaps_rollup)."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    for line in rollup.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) * 1024
    return 0


def _descendants(root: int) -> dict[int, tuple[float, int]]:
    """(CPU seconds, RSS bytes) of every process below `root`."""
    stats = {
        int(p.name): s
        for p in Path("/proc").iterdir()
        if p.name.isdigit()
        if (s := _stat(int(p.name)))
    }
    children: dict[int, list[int]] = {}
    for pid, (parent, _, _) in stats.items():
        children.setdefault(parent, []).append(pid)
    found, todo = {}, list(children.get(root, []))
    while todo:
        pid = todo.pop()
        found[pid] = stats[pid][1:]
        todo.extend(children.get(pid, []))
    return found


class Meter:
    """`with Meter() as meter: ...`, then `meter.seconds`, `meter.peak_rss_mb` and
    `meter.peak_pss_mb` (this process and those below it together, at the poll where each
    sum was highest)."""

    def __init__(self) -> None:
        self.seconds: float | None = None
        self.peak_rss_mb: int | None = None
        self.peak_pss_mb: int | None = None
        self._peak = self._peak_pss = 0
        self._seen: dict[int, float] = {}
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def __enter__(self) -> Meter:
        below = _descendants(os.getpid()) if Path("/proc/self/stat").exists() else None
        self._before = {pid: cpu for pid, (cpu, _) in below.items()} if below is not None else None
        self._own = time.process_time()
        if self._before is not None:
            self._thread.start()
        return self

    def _poll(self) -> None:
        while not self._done.wait(POLL):
            self._read()

    def _read(self) -> None:
        below = _descendants(os.getpid())
        self._seen.update({pid: cpu for pid, (cpu, _) in below.items()})
        own = _stat(os.getpid())
        total = sum(rss for _, rss in below.values()) + (own[2] if own else 0)
        self._peak = max(self._peak, total)
        pss = sum(_pss(pid) for pid in [os.getpid(), *below])
        self._peak_pss = max(self._peak_pss, pss)

    def __exit__(self, *_exc: object) -> None:
        own = time.process_time() - self._own
        if self._before is None:
            return
        self._done.set()
        self._thread.join()
        self._read()
        others = sum(cpu - self._before.get(pid, 0.0) for pid, cpu in self._seen.items())
        self.seconds = round(own + others, 2)
        self.peak_rss_mb = round(self._peak / 2**20)
        self.peak_pss_mb = round(self._peak_pss / 2**20) or None
