"""bench/cpu.py's Meter: the CPU time and the memory of a process and those below it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench.cpu import Meter

pytestmark = pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="Linux /proc")

CHILD = "import time; block = bytearray(60 * 2**20); block[::4096] = b'x' * len(block[::4096]); "
CHILD += "end = time.process_time() + 0.3\nwhile time.process_time() < end: pass\ntime.sleep(1.2)"


def test_a_childs_cpu_and_memory_are_counted():
    with Meter() as meter:
        subprocess.run([sys.executable, "-c", CHILD], check=True)
    assert meter.seconds is not None and meter.seconds >= 0.25
    # The child touched 60 MB of its own: both sums see it, and PSS never exceeds RSS.
    assert meter.peak_pss_mb is not None and meter.peak_pss_mb >= 55
    assert meter.peak_rss_mb >= meter.peak_pss_mb
