"""An index over known names: `match_query`'s answer without scoring every name in Python.

`match_query` runs the Python `query_score` against every name, ~12 µs each: fine for a few
hundred names, ~40 ms per /who on a 100k-sentence archive and linear in the archive's
people. `NameIndex` is built once per set of names (handlers/who.py keeps one per cached
`People`) and gives exactly the same answer, scoring only the names that can be in it:

1. B, an upper bound of `query_score` for every key at once (numpy, name_bounds.py).
2. U, a tighter upper bound from the exact rapidfuzz parts of `query_score` (C speed), for the
   keys in order of B, a growing chunk at a time.
3. `query_score` itself, for keys in order of U, until the `limit`-th best exact score is above
   the U and B of every key not scored yet (ties are broken by name, so an equal bound is
   still scored), or no key left can reach the cutoff.

Why B and U are upper bounds. `query_score` is 90 + ratio/10 when `_same_tokens` holds, else
min(max(WRatio, token_set_ratio, surname score), cap) with cap 60 (`_conflicts`) or 89.9.

- `_same_tokens` and `_conflicts` both need a surname of a query reading (a query token)
  and a surname of the key within Jaro-Winkler SURNAME_SIMILARITY (or equal: JW 1). The
  surname score is (best JW of any query token against a key surname - 0.5) * 200.
  Jaro counts m matched characters and m <= ov, the characters the two share counted with
  multiplicity, so Jaro <= (ov/len1 + ov/len2 + 1) / 3; Winkler's boost is increasing in
  Jaro and its common prefix (at most 4) is known exactly: that bounds JW from above.
- WRatio and token_set_ratio are built from Indel ratios 2·LCS / (n1 + n2) of the two
  keys, of their sorted tokens or of their token sets, and from partial ratios, the best
  ratio of the shorter string against windows of the longer no longer than itself, used
  (scaled by 0.9, or 0.6 past a length ratio of 8) when one key is 1.5 times the other.
  Two exceptions need a token the two keys share (token_set_ratio's and
  partial_token_ratio's intersection cases), and a key with a repeated token has token-set
  forms with other lengths: such keys are not bounded here. A query with a repeated token is
  bounded in both its full and its token-set form.
  For the rest, LCS <= ov; and the L matched characters form L - 1 consecutive pairs, of
  which at most n1 - L + n2 - L are broken by a gap, so at least 3L - n1 - n2 - 1 are
  bigrams the two strings share: with g shared bigrams (of the keys padded with spaces,
  which covers every token order and subset), L <= (g + 1 + n1 + n2) / 3. A ratio is at
  most 200·min(ov, (g + 1 + n1 + n2) / 3) / (n1 + n2); a partial ratio, whose window w is
  at most the needle's length n, at most 200·w / (n + w) with w = min(ov, (g + 1 + n) / 2, n).
- So B is 101 (above any score) for keys sharing a query token or repeating one;
  90 + (ratio bound)/10 when the JW bound allows `_same_tokens`; else
  min(max(fuzzy bound, surname score bound), 89.9).
  U is the same with the exact WRatio, token_set_ratio, ratio and JW in place of bounds.

Every comparison with the cutoff keeps a slack of 0.1, because scores are rounded to 0.1
first. tests/test_name_index.py checks the bounds and compares the index with the scan.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable

import numpy as np
from rapidfuzz import fuzz, process

from handlers.analysis.name_bounds import Bigrams, Surnames, as_int32, bags, fuzzy_bounds
from handlers.analysis.names import (
    SAME_PERSON_FLOOR,
    SURNAME_SIMILARITY,
    match_query,
    name_key,
    query_score,
    readings,
    without_titles,
)

SLACK = 0.1  # scores are rounded to 0.1 before they meet the cutoff
SUGGEST_CUTOFF = 60.0
DIFFERENT_CAP = SAME_PERSON_FLOOR - 0.1  # `query_score`'s cap when `_same_tokens` fails
FIRST_CHUNK = 64  # keys given their U bound at a time, doubling as the search goes on
ANY_SCORE = 101.0  # B of a key no cheap bound covers: above every score


class NameIndex:
    """`match_query(query, names, ...)` and `suggest(query, names)` for fixed names, exact and
    fast. Build it once per list of names; it is read-only afterwards (safe across threads)."""

    def __init__(self, names: Iterable[str]) -> None:
        self.all_names = list(dict.fromkeys(names))
        by_key: dict[str, list[str]] = defaultdict(list)
        for name in self.all_names:
            if key := name_key(name):
                by_key[key].append(name)
        self.keys = sorted(by_key)
        self.names = [sorted(by_key[k]) for k in self.keys]
        self.lengths = as_int32([len(k) for k in self.keys])
        self.bags = bags(self.keys)
        self.bigrams = Bigrams(self.keys)
        tokens = [k.split() for k in self.keys]
        self.surnames = Surnames([[s for s, _ in readings(tuple(t))] for t in tokens])
        self.by_token: dict[str, list[int]] = defaultdict(list)
        for i, key_tokens in enumerate(tokens):
            for token in set(key_tokens):
                self.by_token[token].append(i)
        self.repeats = np.array([len(set(t)) < len(t) for t in tokens], dtype=bool)

    def match(self, query: str, limit: int = 10, cutoff: float = 80) -> list[tuple[str, float]]:
        """Exactly `match_query(query, names, limit, cutoff)`."""
        key = without_titles(name_key(query))
        if not key:
            return []
        if limit < 1 or cutoff <= SLACK:  # every name may qualify: nothing to prune
            return match_query(query, self.all_names, limit, cutoff)
        first = self._first_bounds(key)
        candidates = np.flatnonzero(first >= cutoff - SLACK)
        order = candidates[np.argsort(-first[candidates], kind="stable")]
        return _Search(self, key, limit, cutoff).run(order, first[order])

    def suggest(self, query: str, limit: int = 3) -> list[str]:
        """Exactly `suggest(query, names, limit)`."""
        return [name for name, _ in self.match(query, limit, SUGGEST_CUTOFF)]

    def _first_bounds(self, key: str) -> np.ndarray:
        """B for every key (step 1)."""
        tokens = sorted(set(key.split()))
        winkler = self.surnames.bounds(tokens)
        shared = self.bigrams.shared(key)
        ratio, fuzzy = fuzzy_bounds(self.bags, self.lengths, shared, key)
        surname = np.maximum(0.0, (winkler.max(axis=0) - 0.5) * 200)
        bound = _combine(key, tokens, winkler, ratio, np.maximum(fuzzy, surname)) + 1e-6
        bound[self.repeats] = ANY_SCORE
        for token in tokens:
            bound[self.by_token.get(token, [])] = ANY_SCORE
        return bound

    def upper_scores(self, key: str, keys: np.ndarray) -> np.ndarray:
        """U for these keys (step 2)."""
        choices = [self.keys[i] for i in keys]

        def score(scorer) -> np.ndarray:
            return process.cdist([key], choices, scorer=scorer, dtype=np.float64)[0]

        tokens = sorted(set(key.split()))
        winkler = self.surnames.exact(tokens, keys)
        surname = np.maximum(0.0, (winkler.max(axis=0) - 0.5) * 200)
        fuzzy = np.maximum(np.maximum(score(fuzz.WRatio), score(fuzz.token_set_ratio)), surname)
        return _combine(key, tokens, winkler, score(fuzz.ratio), fuzzy) + 1e-9


def _combine(
    key: str, tokens: list[str], winkler: np.ndarray, ratio: np.ndarray, fuzzy: np.ndarray
) -> np.ndarray:
    """90 + ratio/10 where a query reading's surname is close enough to the key's for
    `_same_tokens`, else min(fuzzy, 89.9): given (bounds of) JW per query token (rows),
    ratio and the best of WRatio, token_set_ratio and the surname score."""
    surnames = {s for s, _ in readings(tuple(key.split()))}
    rows = [i for i, token in enumerate(tokens) if token in surnames]
    close = winkler[rows].max(axis=0) >= SURNAME_SIMILARITY
    return np.where(close, SAME_PERSON_FLOOR + ratio / 10, np.minimum(fuzzy, DIFFERENT_CAP))


class _Search:
    """Steps 2 and 3 for one query: keys come in B order, are given U a chunk at a time,
    and are scored in U order while no key still unbounded can beat them."""

    def __init__(self, index: NameIndex, key: str, limit: int, cutoff: float) -> None:
        self.index, self.key, self.limit, self.cutoff = index, key, limit, cutoff
        self.found: list[tuple[str, float]] = []
        self.pending: list[tuple[float, int]] = []  # (-U, key index)

    def run(self, order: np.ndarray, first: np.ndarray) -> list[tuple[str, float]]:
        done, chunk = 0, FIRST_CHUNK
        while True:
            ceiling = float(first[done]) if done < len(order) else -1.0
            while self.pending and -self.pending[0][0] >= ceiling:
                bound, i = heapq.heappop(self.pending)
                if self._beaten(-bound):
                    return self.found
                self.query_score(i)
            if done == len(order) or self._beaten(ceiling):
                return self.found
            keys = order[done : done + chunk]
            upper = self.index.upper_scores(self.key, keys)
            for i, bound in zip(keys, upper, strict=True):
                if bound >= self.cutoff - SLACK:
                    heapq.heappush(self.pending, (-float(bound), int(i)))
            done, chunk = done + len(keys), chunk * 2

    def _beaten(self, bound: float) -> bool:
        """True when a key bounded by `bound` can enter the answer no more."""
        if bound < self.cutoff - SLACK:
            return True
        full = len(self.found) >= self.limit
        return full and round(bound, 1) < self.found[self.limit - 1][1]

    def query_score(self, i: int) -> None:
        score = round(query_score(self.key, self.index.keys[i]), 1)
        if score >= self.cutoff:
            self.found.extend((name, score) for name in self.index.names[i])
            self.found = sorted(self.found, key=lambda s: (-s[1], s[0]))[: self.limit]
