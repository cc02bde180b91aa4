"""Of a forked worker's memory, how much it copied from its parent: the pages of the writable
mappings present in both at the same address, each process now on a frame of its own
(/proc/PID/pagemap). The rest of its private memory is its own: pages its parent never had.
Reading frame numbers needs CAP_SYS_ADMIN (root); without it the kernel shows zeros, and
`copied_mb` says None."""

from __future__ import annotations

import struct
from pathlib import Path

PAGE = 4096
PRESENT = 1 << 63
FRAME = (1 << 55) - 1


def writable_ranges(pid: int) -> list[tuple[int, int]]:
    """[start, end) of each writable mapping: the heap, malloc's and Python's arenas, the
    stacks, each library's data."""
    ranges = []
    for line in Path(f"/proc/{pid}/maps").read_text().splitlines():
        span, permissions = line.split()[:2]
        if "w" in permissions:
            start, end = (int(x, 16) for x in span.split("-"))
            ranges.append((start, end))
    return ranges


def frames(pagemap, start: int, end: int) -> tuple[int, ...]:
    pagemap.seek(start // PAGE * 8)
    data = pagemap.read((end - start) // PAGE * 8)
    return struct.unpack(f"{len(data) // 8}Q", data)


def copied_mb(worker: int, parent: int) -> float | None:
    """MB of `worker`'s pages that `parent` holds at the same address on another frame."""
    copied = seen = 0
    with (
        open(f"/proc/{worker}/pagemap", "rb") as mine,
        open(f"/proc/{parent}/pagemap", "rb") as its,
    ):
        for start, end in writable_ranges(worker):
            for own, theirs in zip(frames(mine, start, end), frames(its, start, end), strict=True):
                if own & PRESENT and theirs & PRESENT:
                    seen += bool(own & FRAME)
                    copied += (own & FRAME) != (theirs & FRAME)
    return round(copied * PAGE / 2**20, 1) if seen else None
