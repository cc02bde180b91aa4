"""Postings sorted a chunk at a time are the postings of one sort (store/search/postings.py)."""

from __future__ import annotations

import random

import numpy as np
import pytest

from store.search import postings
from store.search.postings import Rows


def _reference(passages: list[str]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for row, text in enumerate(passages):
        for term in sorted(set(postings.TOKEN.findall(text))):
            found.setdefault(term, []).append(row)
    return found


def _built(passages: list[str]) -> dict[str, list[int]]:
    rows = Rows()
    for row, text in enumerate(passages):
        rows.add((row + 1, 1, 0), text, False)
    offsets, flat = rows.postings()
    assert len(offsets) == len(rows.vocabulary) + 1 and offsets[-1] == len(flat)
    return {t: flat[offsets[i] : offsets[i + 1]].tolist() for t, i in rows.vocabulary.items()}


@pytest.mark.parametrize("n", [0, 1, 6, 7, 8, 50])
def test_chunked_postings_equal_one_sort(monkeypatch: pytest.MonkeyPatch, n: int) -> None:
    monkeypatch.setattr(postings, "CHUNK_ROWS", 7)  # boundaries at exact and ragged ends
    rng = random.Random(n)
    words = [f"w{i}" for i in range(30)]
    passages = [" ".join(rng.choices(words, k=rng.randint(0, 9))) for _ in range(n)]
    passages[:1] = ["new words only in the first"] if n else []
    assert _built(passages) == _reference(passages)


def test_terms_first_seen_late_get_their_rows() -> None:
    text = ["alpha"] * 3 + ["alpha omega"]
    rows = Rows()
    for row, passage in enumerate(text):
        rows.add((row + 1, 1, 0), passage, False)
        rows.sort_chunk()  # a chunk per passage: "omega" is unknown to the first three
    offsets, flat = rows.postings()
    assert flat.dtype == np.int32
    assert flat[offsets[rows.vocabulary["omega"]] :].tolist() == [3]
    assert flat[: offsets[1]].tolist() == [0, 1, 2, 3]
