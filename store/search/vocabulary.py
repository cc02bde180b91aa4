"""A saved segment's terms, sorted, read from two memory-mapped arrays instead of a dict.

At a million sentences a segment holds a few hundred thousand distinct terms; as a dict of
str -> id, with the frequencies as another dict and the sorted vocabulary as a list,
they were most of what each server process held of its own beside the shared postings.
Here they stay in the saved files (`terms.bin`, every term followed by "\\n", and
`starts.npy`, where each begins), shared by every process that maps them; a lookup is a
binary search over the mapped bytes (about 18 steps at 300,000 terms).

A term's id is its place in the sorted order, so its frequency is `offsets[id + 1] -
offsets[id]` of the segment's postings: no per-term dict anywhere.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator

import numpy as np

SEPARATOR = b"\n"  # never inside a term: terms are runs of letters and digits


class SortedTerms:
    """The terms of a saved segment, in sorted order; term i has id i."""

    def __init__(self, blob: np.ndarray, starts: np.ndarray) -> None:
        self.blob, self.starts = blob, starts  # uint8 bytes; int64, one more than terms

    @classmethod
    def encode(cls, terms: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(blob, starts) for terms already sorted."""
        encoded = [t.encode() + SEPARATOR for t in terms]
        starts = np.zeros(len(encoded) + 1, dtype=np.int64)
        np.cumsum([len(e) for e in encoded], out=starts[1:])
        return np.frombuffer(b"".join(encoded), dtype=np.uint8), starts

    def __len__(self) -> int:
        return len(self.starts) - 1

    def __getitem__(self, index: int) -> str:
        start, end = int(self.starts[index]), int(self.starts[index + 1]) - 1
        return self.blob[start:end].tobytes().decode()

    def __iter__(self) -> Iterator[str]:
        return iter(self.between(0, len(self)))

    def get(self, term: str, default: int | None = None) -> int | None:
        index = bisect.bisect_left(self, term)
        return index if index < len(self) and self[index] == term else default

    def items(self) -> Iterator[tuple[str, int]]:
        return ((term, index) for index, term in enumerate(self))

    def span(self, low: str, high: str) -> tuple[int, int]:
        """The ids of the terms t with low <= t < high."""
        return bisect.bisect_left(self, low), bisect.bisect_left(self, high)

    def between(self, first: int, last: int) -> list[str]:
        """Terms first..last-1, decoded in one go."""
        if last <= first:
            return []
        start, end = int(self.starts[first]), int(self.starts[last]) - 1
        return self.blob[start:end].tobytes().decode().split("\n")
