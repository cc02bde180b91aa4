"""What each gunicorn worker holds of its own (README "What each gunicorn worker adds"): the
heap given back when a query's large arrays are freed, the SQLite page cache the config
bounds for its workers, a saved segment's mask and a scope's document order kept compact."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest
from sqlalchemy import text

from bot.env_check import check_environment
from bot.settings import SettingsError
from store import SQLITE_CACHE_ENV, DocumentOrder, Store
from store.search.index_file import all_alive

GLIBC = os.confstr("CS_GNU_LIBC_VERSION") if hasattr(os, "confstr") else None

# Two rounds of what a /claim does with its scores at a million passages: an 8 MB array,
# freed; then the process's resident memory (MB) after the second is freed.
FREED = """
import sys
import numpy as np
from store.search.heap import map_large_blocks
mapped = map_large_blocks() if sys.argv[1] == "mapped" else None
def resident():
    return int(open("/proc/self/statm").read().split()[1]) * 4096 / 2**20
before = resident()
for _ in range(2):
    scores = np.ones(1_000_000)
    del scores
print(mapped, round(resident() - before, 1))
"""


def freed_heap(mode: str) -> tuple[str, float]:
    run = subprocess.run(
        [sys.executable, "-c", FREED, mode], capture_output=True, text=True, check=True
    )
    mapped, kept = run.stdout.split()
    return mapped, float(kept)


@pytest.mark.skipif(not GLIBC, reason="mallopt's thresholds are glibc's")
def test_a_freed_large_array_goes_back_to_the_system() -> None:
    """glibc raises its mmap threshold after the first large free, so the second 8 MB
    array comes from the heap and stays resident once freed; with the threshold fixed
    (store/search/heap.py, set when a memory index starts) it is unmapped at free."""
    assert freed_heap("dynamic") == ("None", pytest.approx(7.6, abs=0.8))
    mapped, kept = freed_heap("mapped")
    assert mapped == "True" and kept < 1.0


def test_the_environment_can_choose_the_threshold_itself(monkeypatch) -> None:
    from store.search.heap import map_large_blocks

    monkeypatch.setenv("MALLOC_MMAP_THRESHOLD_", "65536")
    assert map_large_blocks() is False  # glibc read the variable at start: left alone


def cache_size(store: Store) -> int:
    with store.connect() as conn:
        return conn.execute(text("PRAGMA cache_size")).scalar_one()


def test_sqlite_connections_cache_what_the_setting_says(db_url, monkeypatch) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("a SQLite setting")
    store = Store(db_url)
    assert cache_size(store) == -2000  # SQLite's own: 2,000 KiB
    store.close()
    monkeypatch.setenv(SQLITE_CACHE_ENV, "256")
    store = Store(db_url)
    assert cache_size(store) == -256
    store.close()


@pytest.mark.parametrize("value", ["lots", "0", "-5", "1.5"])
def test_a_wrong_sqlite_cache_setting_is_one_line(value: str) -> None:
    with pytest.raises(SettingsError) as stopped:
        check_environment({SQLITE_CACHE_ENV: value})
    assert str(stopped.value) == (
        f"FACTDESK_SQLITE_CACHE_KB: {value!r} is not a whole number of 1 or more"
    )


def config_environment(**settings: str) -> str:
    """FACTDESK_SQLITE_CACHE_KB as a process sees it once it has loaded the gunicorn config."""
    env = {k: v for k, v in os.environ.items() if k != SQLITE_CACHE_ENV}
    probe = "import os, bot.gunicorn_config; print(os.environ.get('FACTDESK_SQLITE_CACHE_KB'))"
    run = subprocess.run(
        [sys.executable, "-c", probe],
        env={**env, **settings},
        capture_output=True,
        text=True,
        check=True,
    )
    return run.stdout.strip()


def test_the_gunicorn_config_bounds_its_workers_sqlite_cache_unless_set() -> None:
    assert config_environment() == "256"
    assert config_environment(FACTDESK_SQLITE_CACHE_KB="4000") == "4000"


def test_a_saved_segments_mask_holds_no_memory_of_its_own() -> None:
    alive = all_alive(1_000_000)
    assert alive.shape == (1_000_000,) and alive.all() and alive.strides == (0,)
    assert not alive.flags.writeable
    combined = alive & (np.arange(1_000_000) % 2 == 0)
    assert combined.sum() == 500_000  # combining it makes a real mask


def test_a_document_order_gives_each_documents_place_newest_first() -> None:
    order = DocumentOrder.of([40, 7, 19, 3])  # newest first
    assert order.places([19, 40, 3, 7]) == [2, 0, 3, 1]
    assert order.places([5, 41, 0, 19]) == [-1, -1, -1, 2]  # unseen ones: -1
    assert order.newest_first.tolist() == [40, 7, 19, 3]
    assert order == DocumentOrder.of(iter([40, 7, 19, 3]))
    assert order != DocumentOrder.of([7, 40, 19, 3])
    assert DocumentOrder.of([]).places([1, 2]) == [-1, -1]


# A process that maps 8 MB, forks, and has its child write to half of it: the child's copied
# pages, as bench.workers measures them (bench/shared_pages.py).
FORKED = """
import os, sys, time
from bench.shared_pages import copied_mb
block = bytearray(8 * 2**20)  # written, so every page is there before the fork
ready, done = os.pipe(), os.pipe()
child = os.fork()
if child == 0:
    block[: 4 * 2**20] = b"x" * (4 * 2**20)
    os.write(ready[1], b"1")
    os.read(done[0], 1)
    os._exit(0)
os.read(ready[0], 1)
print(copied_mb(child, os.getpid()))
os.write(done[1], b"1")
os.waitpid(child, 0)
"""


def test_the_bench_counts_the_pages_a_worker_copied_from_its_parent() -> None:
    run = subprocess.run([sys.executable, "-c", FORKED], capture_output=True, text=True, check=True)
    if run.stdout.strip() == "None":
        pytest.skip("frame numbers need CAP_SYS_ADMIN: /proc/PID/pagemap shows zeros")
    assert 4.0 <= float(run.stdout) < 5.5  # the 4 MB written, and the few pages around it
