"""The worker processes `factdesk index` analyses files in (handlers.ingest): how many, and
a process pool that stays a bounded way ahead of the writer."""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import partial

INGEST_WORKERS_ENV = "FACTDESK_INGEST_WORKERS"
PARALLEL_MIN_FILES = 64  # below this, starting worker processes costs more than it saves
IN_FLIGHT = 256  # files analysed ahead of the writer, at most (their documents wait in memory)
CHUNK = 8  # files handed to a worker at once (the bound holds two chunks per worker at least)


def ingest_workers() -> int:
    """Processes that read and analyse files (FACTDESK_INGEST_WORKERS, default: the cores)."""
    raw = os.environ.get(INGEST_WORKERS_ENV, "")
    return max(1, int(raw)) if raw.isdigit() else max(1, os.cpu_count() or 1)


@contextmanager
def mapper(jobs: int) -> Iterator[Callable]:
    """`map` for a few files; a process pool for many (analysis is CPU-bound Python).
    forkserver: workers start from a clean process, not a copy of one holding threads
    and database connections."""
    workers = ingest_workers()
    if workers == 1 or jobs < PARALLEL_MIN_FILES:
        yield map
        return
    with mp.get_context("forkserver").Pool(workers, initializer=_leave_interrupts) as pool:
        # imap hands out whole chunks: fewer slots than a chunk per worker would stall it.
        ahead = max(IN_FLIGHT, 2 * CHUNK * workers)
        slots = threading.Semaphore(ahead)
        try:
            yield partial(_bounded_imap, pool, slots)
        finally:
            slots.release(ahead)  # let a feeder waiting for a slot see the pool close


def _leave_interrupts() -> None:
    """Workers ignore Ctrl-C: the parent stops the pool and says so in one line."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _bounded_imap(
    pool: mp.pool.Pool, slots: threading.Semaphore, function: Callable, jobs: Iterable
) -> Iterator:
    """`pool.imap`, with at most as many jobs handed out and not taken back as `slots`. Plain
    imap feeds every job at once, so when the workers outrun the writer their analysed
    documents pile up in this process (an extra ~140 MB at a million sentences)."""
    for result in pool.imap(function, _metered(jobs, slots), chunksize=CHUNK):
        slots.release()
        yield result


def _metered(jobs: Iterable, slots: threading.Semaphore) -> Iterator:
    for job in jobs:
        slots.acquire()
        yield job
