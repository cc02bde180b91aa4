"""How the C heap of a process that holds the memory index gives memory back (glibc only).

A query scores every passage in arrays of a million entries (4-8 MB each), allocated and
freed by every /claim. glibc's malloc hands a block that large out with mmap and back with
munmap, but after the first such free it raises its mmap threshold to that size (up to
32 MB), so the next ones come from its heaps, and what they free stays in the process: a
gunicorn worker at 1M sentences kept 16-24 MB of freed heap after 120 slash commands, a
second process on the saved index 17 MB in its refresher thread's arena
(`malloc_info`). A fixed threshold keeps large blocks mmapped and returned at free; the
cost is a few page faults per array (well under a ms at 8 MB).
"""

from __future__ import annotations

import ctypes
import os

M_MMAP_THRESHOLD = -3  # mallopt's parameter (glibc's malloc.h)
LARGE = 128 * 1024  # glibc's own starting threshold, kept from moving (setting it turns
# off the moving of both thresholds: the trim threshold stays at its 128 KB too)
ENVIRONMENT = "MALLOC_MMAP_THRESHOLD_"  # set by whoever runs it: glibc has read it


def map_large_blocks(threshold: int = LARGE) -> bool:
    """Blocks of `threshold` bytes or more mmapped and unmapped at free, in this process
    and those it forks; False where that is not glibc or the environment chose already."""
    if os.environ.get(ENVIRONMENT):
        return False
    try:
        return bool(ctypes.CDLL(None).mallopt(M_MMAP_THRESHOLD, threshold))
    except (OSError, AttributeError, TypeError):  # not glibc: its own malloc decides
        return False
