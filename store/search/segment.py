"""A segment of the candidate index: the postings of a set of passages, in id order.

Built from passages read from the database (`segment(rows)`), or opened from the saved
index file set (`store/search/index_file.py`), whose arrays are memory-mapped.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from store.search.postings import Rows
from store.search.vocabulary import SortedTerms


@dataclass(frozen=True, eq=False)
class Segment:
    """Postings for a set of passages; rows in id order."""

    ids: np.ndarray  # int64 passage id per row
    documents: np.ndarray  # int64 document id per row
    lengths: np.ndarray  # float32 number of tokens per row
    scopes: np.ndarray  # int32 index into Snapshot.scopes
    figures: np.ndarray  # bool: the passage gives a figure
    terms: dict[str, int] | SortedTerms  # term -> index into offsets
    offsets: np.ndarray  # int64; postings[offsets[i]:offsets[i + 1]] are term i's rows
    postings: np.ndarray  # int32 rows
    alive: np.ndarray  # bool; False once the passage is deleted

    def rows(self, term: str) -> np.ndarray | None:
        index = self.terms.get(term)
        return (
            None if index is None else self.postings[self.offsets[index] : self.offsets[index + 1]]
        )

    @property
    def through(self) -> int:
        return int(self.ids[-1])


def from_rows(rows: Rows) -> Segment:
    """The rows as a segment. The columns are views of the arrays they were read into, not
    copies (~25 MB at a million sentences); an array whose buffer numpy holds cannot be
    resized, so they stay as read."""
    offsets, postings = rows.postings()
    return Segment(
        ids=np.frombuffer(rows.ids, dtype=np.int64),
        documents=np.frombuffer(rows.documents, dtype=np.int64),
        lengths=np.frombuffer(rows.lengths, dtype=np.float32),
        scopes=np.frombuffer(rows.scopes, dtype=np.int32),
        figures=np.frombuffer(rows.figures, dtype=np.int8).astype(bool),
        terms=rows.vocabulary,
        offsets=offsets,
        postings=postings,
        alive=np.ones(len(rows.ids), dtype=bool),
    )
