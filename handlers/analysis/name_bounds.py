"""Cheap upper bounds on rapidfuzz's scores between one query key and every indexed key.

Used by handlers/analysis/name_index.py, whose docstring says why each bound holds. All of
them are computed for every key at once with numpy, from what the two strings share: their
characters (`ov`, counted with multiplicity), their bigrams (`g`), a surname's first four
letters. Keys are name_key output: lowercase letters, digits, single spaces.
"""

from __future__ import annotations

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789 "  # everything name_key emits
_OTHER = len(_ALPHABET)  # any other character: one shared column keeps every bound an upper one
_SYMBOLS = _OTHER + 1
_CODES = np.full(256, _OTHER, dtype=np.int64)
_CODES[np.frombuffer(_ALPHABET.encode(), dtype=np.uint8)] = np.arange(len(_ALPHABET))
_PREFIX = 4  # Jaro-Winkler's longest rewarded prefix
_EPSILON = 1e-9  # float noise between numpy's arithmetic and rapidfuzz's C++


def compact(counts: np.ndarray) -> np.ndarray:
    """Counts in the narrowest type that holds them: uint8 for a name's characters and
    bigrams (with int32 positions, at 1M real-news sentences /who's two name indexes' arrays
    fell from 224 to 68 MB); a count over 255 keeps int32, so every bound stays an upper one."""
    return counts.astype(np.uint8 if counts.size == 0 or counts.max() <= 255 else np.int32)


def as_int32(values: list[int] | np.ndarray) -> np.ndarray:
    """Indexes into the keys or the surnames, and their lengths, as int32 (not int64)."""
    return np.asarray(values, dtype=np.int32)


def _codes(text: str) -> np.ndarray:
    return _CODES[np.frombuffer(text.encode("ascii", "replace"), dtype=np.uint8)]


def bags(texts: list[str]) -> np.ndarray:
    """Character counts, one row per character and one column per text: rows are
    contiguous, so a query touches only the rows of its own characters."""
    if not texts:
        return np.zeros((_SYMBOLS, 0), dtype=np.uint8)
    codes = _codes("".join(texts))
    column = np.repeat(np.arange(len(texts)), [len(t) for t in texts])
    flat = np.bincount(codes * len(texts) + column, minlength=_SYMBOLS * len(texts))
    return compact(flat.reshape(_SYMBOLS, len(texts)))


def overlap(bags: np.ndarray, text: str) -> np.ndarray:
    """Characters each column shares with `text`, counted with multiplicity."""
    codes, counts = np.unique(_codes(text), return_counts=True)
    return np.minimum(bags[codes], counts[:, None]).sum(axis=0)


class Bigrams:
    """Bigrams of every key padded with a space at each end, as postings per bigram. The
    padded key holds each token's bigrams with a space before and after it, so its
    bigrams include those of any ordering or subset of its tokens, joined by spaces."""

    def __init__(self, keys: list[str]) -> None:
        self.size = len(keys)
        padded = [f" {k} " for k in keys]
        codes = _codes("".join(padded))
        owner = np.repeat(np.arange(len(keys)), [len(p) for p in padded])
        inside = owner[:-1] == owner[1:]
        ids = (codes[:-1] * _SYMBOLS + codes[1:])[inside]
        width = max(len(keys), 1)
        pairs, counts = np.unique(ids * width + owner[:-1][inside], return_counts=True)
        self.counts = compact(counts)
        self.keys = as_int32(pairs % width)  # sorted by bigram, then key
        self.starts = np.searchsorted(pairs // width, np.arange(_SYMBOLS**2 + 1))

    def shared(self, key: str) -> np.ndarray:
        """Bigrams each key shares with the padded `key`, counted with multiplicity."""
        codes = _codes(f" {key} ")
        ids, counts = np.unique(codes[:-1] * _SYMBOLS + codes[1:], return_counts=True)
        found = np.zeros(self.size, dtype=np.int64)
        for bigram, count in zip(ids, counts, strict=True):
            start, end = self.starts[bigram], self.starts[bigram + 1]
            found[self.keys[start:end]] += np.minimum(self.counts[start:end], count)
        return found


def fuzzy_bounds(
    bags: np.ndarray, lengths: np.ndarray, bigrams: np.ndarray, key: str
) -> tuple[np.ndarray, np.ndarray]:
    """Upper bounds of (ratio, max(WRatio, token_set_ratio)) against `key` for keys that
    share no token with it and repeat none."""
    tokens = key.split()
    forms = [key] if len(set(tokens)) == len(tokens) else [key, " ".join(set(tokens))]
    low, high = np.minimum(lengths, len(key)), np.maximum(lengths, len(key))
    scale = np.where(2 * high < 3 * low, 0.0, np.where(high <= 8 * low, 0.9, 0.6))
    ratios = []
    fuzzy = np.zeros(len(lengths))
    for form in forms:
        shared = overlap(bags, form)
        total = lengths + len(form)
        ratio = 200.0 * np.minimum(shared, (bigrams + 1 + total) / 3) / total
        short = np.minimum(lengths, len(form))
        window = np.minimum(np.minimum(shared, (bigrams + 1 + short) / 2), short)
        with np.errstate(divide="ignore", invalid="ignore"):
            partial = np.where(window > 0, 200.0 * window / (short + window), 0.0)
        fuzzy = np.maximum(fuzzy, np.maximum(ratio, scale * partial))
        ratios.append(ratio)
    return ratios[0] + _EPSILON, fuzzy + _EPSILON


def _prefixes(texts: list[str]) -> np.ndarray:
    """The first _PREFIX characters as code points, one row per position (0: none)."""
    padded = [t[:_PREFIX].ljust(_PREFIX, "\0") for t in texts]
    points = np.array([[ord(c) for c in t] for t in padded], dtype=np.int32)
    return points.reshape(-1, _PREFIX).T.copy()


def _common_prefix(prefixes: np.ndarray, token: str) -> np.ndarray:
    """Length of the prefix each column shares with `token`, up to _PREFIX."""
    length = np.zeros(prefixes.shape[1], dtype=np.int64)
    running = np.ones(prefixes.shape[1], dtype=bool)
    for position, char in enumerate(token[:_PREFIX]):
        running &= prefixes[position] == ord(char)
        length += running
    return length


class Surnames:
    """Every reading surname of the indexed keys, for Jaro-Winkler bounds and scores."""

    def __init__(self, readings: list[list[str]]) -> None:
        self.names = sorted({s for surnames in readings for s in surnames})
        where = {s: i for i, s in enumerate(self.names)}
        # A key's surname readings: the last token, and the first for family-name-first keys
        # (else the last again).
        self.last = as_int32([where[r[0]] for r in readings])
        self.first = as_int32([where[r[-1]] for r in readings])
        self.bags = bags(self.names)
        self.lengths = as_int32([len(s) for s in self.names])
        self.prefixes = _prefixes(self.names)

    def bounds(self, tokens: list[str]) -> np.ndarray:
        """Upper bounds of each token's Jaro-Winkler against each key's surnames, one row per
        token."""
        rows = np.zeros((len(tokens), len(self.last)))
        for row, token in enumerate(tokens):
            shared = overlap(self.bags, token)
            jaro = np.minimum((shared / len(token) + shared / self.lengths + 1) / 3, 1.0)
            jaro = np.where(shared > 0, jaro, 0.0)
            prefix = _common_prefix(self.prefixes, token)
            winkler = np.where(jaro > 0.7, jaro + prefix * 0.1 * (1 - jaro), jaro) + _EPSILON
            rows[row] = np.maximum(winkler[self.last], winkler[self.first])
        return rows

    def exact(self, tokens: list[str], keys: np.ndarray) -> np.ndarray:
        """Each token's best Jaro-Winkler against these keys' surnames, one row per token."""
        pairs = np.stack([self.last[keys], self.first[keys]], 1)
        used, inverse = np.unique(pairs, return_inverse=True)
        choices = [self.names[i] for i in used]
        scores = process.cdist(tokens, choices, scorer=JaroWinkler.similarity, dtype=np.float64)
        return scores[:, inverse.reshape(-1, 2)].max(axis=2)
