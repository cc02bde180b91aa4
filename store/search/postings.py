"""Building a segment's columns and postings from passages read in id order.

The postings are the rows of each term, grouped by term and in row order within it.
Sorting one (term << 32 | row) key per posting does that, but at a million sentences
(~12M postings) the keys and the term and row columns they come from were the peak of
a build (282 MB of a 314 MB process). So the keys are sorted a chunk of CHUNK_ROWS
passages at a time, kept as int32 rows, and the chunks are then placed into the final
array term by term: the peak is the final postings plus one chunk's keys.
"""

from __future__ import annotations

import sys
from array import array
from dataclasses import dataclass, field

import numpy as np

from store.search.tokens import TOKEN

CHUNK_ROWS = 100_000  # passages whose postings are sorted at once
_LOW = 0 if sys.byteorder == "little" else 1  # the int32 half of an int64 key holding the row


@dataclass
class Chunk:
    """One chunk's postings, sorted by term then row, and how many each term has."""

    rows: np.ndarray  # int32
    counts: np.ndarray  # int64 per term id known when the chunk was sorted


@dataclass
class Rows:
    """Columns of passages read from the database, before they become a Segment."""

    vocabulary: dict[str, int] = field(default_factory=dict)
    ids: array = field(default_factory=lambda: array("q"))
    documents: array = field(default_factory=lambda: array("q"))
    lengths: array = field(default_factory=lambda: array("f"))
    scopes: array = field(default_factory=lambda: array("i"))
    figures: array = field(default_factory=lambda: array("b"))
    chunks: list[Chunk] = field(default_factory=list)
    _term_ids: array = field(default_factory=lambda: array("i"))
    _term_rows: array = field(default_factory=lambda: array("i"))

    def add(self, place: tuple[int, int, int], terms: str, figure: bool) -> None:
        """One passage: `place` is (passage id, document id, scope index)."""
        tokens = TOKEN.findall(terms)
        row = len(self.ids)
        self.ids.append(place[0])
        self.documents.append(place[1])
        self.scopes.append(place[2])
        self.lengths.append(len(tokens))
        self.figures.append(bool(figure))
        for token in set(tokens):
            self._term_ids.append(self.vocabulary.setdefault(token, len(self.vocabulary)))
            self._term_rows.append(row)
        if row % CHUNK_ROWS == CHUNK_ROWS - 1:
            self.sort_chunk()

    def sort_chunk(self) -> None:
        """Sort the postings added since the last chunk into a new one."""
        term_ids = np.frombuffer(self._term_ids, dtype=np.int32)
        if not term_ids.size:
            return
        keys = term_ids.astype(np.int64)
        keys <<= 32
        keys |= np.frombuffer(self._term_rows, dtype=np.int32)
        counts = np.bincount(term_ids, minlength=len(self.vocabulary))
        self._term_ids, self._term_rows = array("i"), array("i")
        keys.sort()
        self.chunks.append(Chunk(keys.view(np.int32)[_LOW::2].copy(), counts))

    def postings(self) -> tuple[np.ndarray, np.ndarray]:
        """(offsets, postings) over every chunk; the chunks are used up."""
        self.sort_chunk()
        terms = len(self.vocabulary)
        if not self.chunks:
            return np.zeros(terms + 1, dtype=np.int64), np.empty(0, dtype=np.int32)
        counts = [np.pad(c.counts, (0, terms - len(c.counts))) for c in self.chunks]
        offsets = np.zeros(terms + 1, dtype=np.int64)
        np.cumsum(np.sum(counts, axis=0), out=offsets[1:])
        postings = np.empty(int(offsets[-1]), dtype=np.int32)
        start = offsets[:-1].copy()  # where each term's next chunk goes
        while self.chunks:
            chunk, count = self.chunks.pop(0), counts.pop(0)
            _place(postings, chunk.rows, start, count)
            start += count
        return offsets, postings


def _place(postings: np.ndarray, rows: np.ndarray, start: np.ndarray, count: np.ndarray) -> None:
    """Copy a chunk's term-sorted rows to `start[term]` onwards for each term."""
    first = np.zeros(len(count), dtype=np.int64)  # each term's first element in the chunk
    np.cumsum(count[:-1], out=first[1:])
    shift = np.repeat(start - first, count)
    shift += np.arange(len(rows), dtype=np.int64)
    postings[shift] = rows
