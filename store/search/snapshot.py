"""One consistent state of the memory index: its segments and the statistics over them.

A snapshot is replaced whole, never changed, so a query in another thread reads one and
needs no lock. It answers the words backend's questions (store/search/protocol.py) for
the memory index (store/search/memory.py), which swaps in a new one at each refresh.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from store.records import Scope
from store.search.protocol import Candidate
from store.search.scoring import fts5_idf, score_segment, top
from store.search.segment import Segment
from store.search.tokens import tokens
from store.search.vocabulary import SortedTerms
from store.visibility import admits

Scopes = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Snapshot:
    """One consistent state of the index; replaced whole, never changed, so queries in
    other threads need no lock."""

    segments: tuple[Segment, ...]
    scopes: Scopes
    df: dict[str, int]
    vocabulary: list[str]  # sorted, for typo correction
    total: int  # live passages
    mean_length: float
    through: int  # newest passage id read
    documents_by_scope: dict[int, int]  # scope index -> documents with live passages
    # A first segment opened from the saved index keeps its terms and their frequencies
    # in mapped arrays (store/search/vocabulary.py); `df` and `vocabulary` then hold the others.
    # A term's frequency there is the length of its postings, read from the mapped offsets
    # when asked, not a copy of their differences per process (0.8 MB a worker at 1M).
    base: SortedTerms | None = None
    base_offsets: np.ndarray | None = None

    def frequency(self, term: str) -> int:
        found = self.df.get(term, 0)
        if self.base is not None and (index := self.base.get(term)) is not None:
            found += int(self.base_offsets[index + 1] - self.base_offsets[index])
        return found

    def document_frequencies(self, terms: Iterable[str]) -> dict[str, int]:
        return {t: self.frequency(t) for t in terms}

    def vocabulary_between(self, low: str, high: str, limit: int) -> list[tuple[str, int]]:
        """The indexed terms t with low <= t < high (the first `limit`), with frequencies.
        A saved segment's terms in the span are contiguous ids, so their frequencies are
        one slice of its counts, not a search per term."""
        words = self.vocabulary
        start, end = bisect.bisect_left(words, low), bisect.bisect_left(words, high)
        found = {t: self.df[t] for t in words[start : min(end, start + limit)]}
        if self.base is not None:
            first, last = self.base.span(low, high)
            last = min(last, first + limit)
            counts = np.diff(self.base_offsets[first : last + 1]).tolist()
            for term, count in zip(self.base.between(first, last), counts, strict=True):
                found[term] = found.get(term, 0) + count
        return sorted(found.items())[:limit]

    def passage_count(self) -> int:
        return self.total

    def document_count(self, scope: Scope) -> int:
        allowed = self.allowed(scope)
        return sum(n for key, n in self.documents_by_scope.items() if allowed[key])

    def allowed(self, scope: Scope) -> np.ndarray:
        return np.array([admits(scope, w, c) for w, c in self.scopes], dtype=bool)

    def match_any(
        self, terms: Sequence[str], scope: Scope, limit: int = 200, figures_only: bool = False
    ) -> list[Candidate]:
        """The best `limit` passages holding any of `terms`, by BM25 (FTS5's IDF)."""
        weights = {t: fts5_idf(self.frequency(t), self.total) for t in tokens(terms)}
        allowed = self.allowed(scope)
        found_ids, found_scores = [], []
        for segment in self.segments:
            only = segment.figures if figures_only else None
            scored = score_segment(segment, weights, self.mean_length, only)
            if scored is None:
                continue
            rows, scores = scored
            keep = segment.alive[rows] & allowed[segment.scopes[rows]]
            found_ids.append(segment.ids[rows[keep]])
            found_scores.append(scores[keep])
        if not found_ids:
            return []
        ids, scores = top(np.concatenate(found_ids), np.concatenate(found_scores), limit)
        return [Candidate(i, s) for i, s in zip(ids.tolist(), scores.tolist(), strict=True)]


def snapshot_of(
    segments: tuple[Segment, ...], scopes: Scopes, previous: Snapshot | None = None
) -> Snapshot:
    """Frequencies, vocabulary and length statistics over `segments`; when they are
    `previous`'s plus one, only the new one is counted."""
    grown = previous is not None and segments[:-1] == previous.segments
    df = dict(previous.df) if grown else {}
    saved = segments[0] if segments and isinstance(segments[0].terms, SortedTerms) else None
    for segment in segments[-1:] if grown else segments:
        if segment is saved:
            continue  # its frequencies stay in its mapped arrays
        counts = np.diff(segment.offsets)
        for term, index in segment.terms.items():
            df[term] = df.get(term, 0) + int(counts[index])
    total = sum(int(s.alive.sum()) for s in segments)
    length = sum(float(s.lengths[s.alive].sum()) for s in segments)
    through = max((int(s.ids[-1]) for s in segments if len(s.ids)), default=0)
    mean = length / max(total, 1)
    base, offsets = (saved.terms, saved.offsets) if saved is not None else (None, None)
    by_scope = documents_per_scope(segments)
    return Snapshot(segments, scopes, df, sorted(df), total, mean, through, by_scope, base, offsets)


def alive_only(current: Snapshot, segments: tuple[Segment, ...]) -> Snapshot:
    """`current` with `segments` (the same rows, fewer alive): its totals recounted."""
    total = sum(int(s.alive.sum()) for s in segments)
    by_scope = documents_per_scope(segments)
    return replace(current, segments=segments, total=total, documents_by_scope=by_scope)


def documents_per_scope(segments: Iterable[Segment]) -> dict[int, int]:
    """Documents with a live passage, per scope index (a document has one scope)."""
    keys = [(s.scopes[s.alive].astype(np.int64) << 40) | s.documents[s.alive] for s in segments]
    if not keys:
        return {}
    scope_of_document = np.unique(np.concatenate(keys)) >> 40
    found, counts = np.unique(scope_of_document, return_counts=True)
    return dict(zip(found.tolist(), counts.tolist(), strict=True))
