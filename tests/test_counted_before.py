"""A counted noun written before its figure, with a short phrase between ("casualties
from the crash numbered 31"), and a spelled-out number opening a wire story after its
dateline's dash. Sentences of our own."""

from __future__ import annotations

import pytest

from handlers.analysis.figures import extract_figures


@pytest.mark.parametrize(
    ("sentence", "value", "counts"),
    [
        ("Casualties from the crash numbered 31, most of them riders.", 31, "casualty"),
        ("Deaths in the province stood at 212, officials said.", 212, "death"),
        ("Workers at the Dunmore plant numbered 900 before the closure.", 900, "worker"),
        ("Votes in Westbrook totalled 36,352.", 36352, "vote"),
        ("Striking drivers numbered 1,800 by Saturday.", 1800, "driver"),
        # the head of the phrase is the bill, which is not what the 6,000 are
        ("The wage bill of the dockers totalled 6,000.", 6000, ""),
        ("The budget of the ministry stood at 40 billion.", 40e9, ""),
    ],
)
def test_noun_before_the_figure(sentence: str, value: float, counts: str) -> None:
    found = [(f.value, f.counts) for f in extract_figures(sentence)]
    assert found == [(value, counts)]


@pytest.mark.parametrize(
    "sentence",
    [
        "ORLOVA, 9 March 2026 (Lakeside Wire) - Seven people were killed on the bend.",
        "ORLOVA (Lakeside Wire) – Seven people were killed on the bend.",
        "ORLOVA — Seven people were killed on the bend.",
    ],
)
def test_a_number_word_after_the_dateline(sentence: str) -> None:
    assert [f.value for f in extract_figures(sentence) if f.measure == "killed"] == [7]


def test_a_number_word_in_a_title_stays_a_name() -> None:
    assert extract_figures("They watched Ocean's Eleven twice.") == []
