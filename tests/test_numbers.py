"""Number expressions: parse_number, find_numbers, replace_number_words."""

from __future__ import annotations

import itertools
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handlers.analysis import numbers
from handlers.analysis.numbers import (
    NumberSpan,
    find_numbers,
    parse_number,
    replace_number_words,
    scale_multiplier,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("10,000", 10_000),
        ("10000", 10_000),
        ("3.5", 3.5),
        ("11k", 11_000),
        ("11K", 11_000),
        ("1.5 million", 1_500_000),
        ("1.5m", 1_500_000),
        ("$2bn", 2e9),
        ("€500m", 5e8),
        ("US$5", 5),
        ("2 billion", 2e9),
        ("10 thousand", 10_000),
        ("half a million", 500_000),
        ("a quarter of a million", 250_000),
        ("three quarters of a million", 750_000),
        ("half a dozen", 6),
        ("ten thousand", 10_000),
        ("Ten Thousand", 10_000),
        ("twenty-five", 25),
        ("twenty five", 25),
        ("three hundred and forty two", 342),
        ("nineteen", 19),
        ("a dozen", 12),
        ("two dozen", 24),
        ("a million", 1_000_000),
        ("a hundred", 100),
        ("one million two hundred thousand", 1_200_000),
        ("one", 1),
        ("zero", 0),
        ("1.1 million", 1_100_000),
        ("a few thousand", 3_000),
        ("15%", 15),
        ("10,000.", 10_000),
    ],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize(
    "text", ["", "   ", "troops", "10 apples", "one of", "the first", "11am", "G7", "$", "half"]
)
def test_parse_number_rejects_what_is_not_one_number(text: str) -> None:
    assert parse_number(text) is None


def values(text: str) -> list[float]:
    return [span.value for span in find_numbers(text)]


def test_find_numbers_gives_spans_into_the_original_text() -> None:
    text = "Officials said 10,000 troops and half a million civilians moved within 3.5 days."
    spans = find_numbers(text)
    assert [span.text for span in spans] == ["10,000", "half a million", "3.5"]
    assert all(text[span.start : span.end] == span.text for span in spans)
    start = text.index("half")
    assert spans[1] == NumberSpan(start, start + 14, 500_000.0, "half a million")


def test_find_numbers_reads_digits_suffixes_and_scale_words() -> None:
    text = "A $2bn package, 1.5 million shells, 11k drones and 2 billion dollars in loans."
    assert values(text) == [2e9, 1.5e6, 11_000, 2e9]


def test_find_numbers_reads_number_words() -> None:
    text = "Twenty-five medics, three hundred and forty two trucks and ten thousand rounds."
    assert values(text) == [25, 342, 10_000]


@pytest.mark.parametrize(
    "text",
    [
        "One of the commanders spoke to reporters.",
        "No one was hurt in the blast.",
        "They blamed one another for the delay.",
        "The talks began at 11am on the 4th day.",
        "The G7 met near a 5km stretch of road where 737s land.",
        "Several officials and a few aides attended the second half of the meeting.",
    ],
)
def test_find_numbers_ignores_pronouns_ordinals_and_glued_digits(text: str) -> None:
    assert find_numbers(text) == []


def test_one_counts_inside_a_larger_number() -> None:
    assert values("one million people and twenty-one tanks") == [1_000_000, 21]


def test_fractions_without_a_scale_are_not_numbers() -> None:
    assert find_numbers("two-thirds of the brigade and half of the crew") == []


@pytest.mark.parametrize(
    ("text", "value", "low", "high"),
    [
        ("a few thousand", 3_000, 2_000, 9_000),
        ("several hundred", 500, 300, 900),
        ("a couple of thousand", 2_000, 2_000, 3_000),
        ("thousands", 3_000, 2_000, 9_000),
        ("tens of thousands", 30_000, 20_000, 90_000),
        ("hundreds of thousands", 300_000, 200_000, 900_000),
    ],
)
def test_vague_quantities_are_flagged_with_rough_bounds(
    text: str, value: float, low: float, high: float
) -> None:
    (span,) = find_numbers(f"They said {text} of volunteers came.")
    assert (span.text, span.vague) == (text, True)
    assert (span.value, span.low, span.high) == (value, low, high)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ten thousand troops", "10000 troops"),
        ("TEN THOUSAND TROOPS", "10000 TROOPS"),
        ("10,000 troops", "10000 troops"),
        ("half a million casualties", "500000 casualties"),
        ("11k drones", "11000 drones"),
        ("1.5 million people", "1500000 people"),
        ("3.5 percent", "3.5 percent"),
        ("twenty-one tanks", "21 tanks"),
        ("between 8,000 and 12,000", "between 8000 and 12000"),
        ("8,000-12,000 soldiers", "8000-12000 soldiers"),
        ("$2bn in aid", "$2000000000 in aid"),
        ("a third of a million", "333333.333333"),
        ("no one came, one of them left", "no one came, one of them left"),
        ("a few thousand troops", "a few thousand troops"),
        ("on october 28, 2024 at 11am", "on october 28, 2024 at 11am"),
        ("covid-19 and the f-16", "covid-19 and the f-16"),
        ("nothing to see here", "nothing to see here"),
    ],
)
def test_replace_number_words(text: str, expected: str) -> None:
    assert replace_number_words(text) == expected


def test_scale_multiplier() -> None:
    assert scale_multiplier("12 million") == 1e6
    assert scale_multiplier("3bn") == 1e9
    assert scale_multiplier("12,000") == 1
    assert scale_multiplier("mn") == 1
    assert scale_multiplier("a bomb") == 1


def test_replace_number_words_is_fast_enough_for_indexing() -> None:
    plain = "the delegation met ministers in the capital to discuss the situation"
    numeric = "officials said about 10,000 troops and half a million civilians had moved"
    sentences = [plain, plain, plain, numeric] * 1_250
    # A guard against a slip that makes it many times slower (a pattern that backtracks),
    # in CPU seconds so a loaded machine cannot fail it; ingest's speed is measured by
    # `make bench` (bench.scale), not here.
    started = time.process_time()
    for sentence in sentences:
        replace_number_words(sentence)
    assert time.process_time() - started < 5.0, "slower than 1,000 sentences per CPU-second"


ASCII_TEXT = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=80)
NUMBERISH = st.lists(
    st.sampled_from(
        [
            "ten",
            "thousand",
            "a",
            "few",
            "half",
            "million",
            "one",
            "and",
            "of",
            "-",
            "1,000",
            "3.5",
            "11k",
            "$",
            "2bn",
            "twenty",
            "hundred",
            "troops",
            ",",
            ".",
            " ",
            "tens",
            "s",
        ]
    ),
    max_size=12,
).map(" ".join)


@given(st.text(max_size=200))
def test_never_raise_on_arbitrary_text(text: str) -> None:
    parse_number(text)
    replace_number_words(text)
    for span in find_numbers(text):
        assert text[span.start : span.end] == span.text


@given(st.one_of(ASCII_TEXT, NUMBERISH))
def test_spans_are_ordered_and_disjoint(text: str) -> None:
    spans = find_numbers(text)
    assert all(a.end <= b.start for a, b in itertools.pairwise(spans))


@given(st.one_of(ASCII_TEXT, NUMBERISH))
def test_replace_number_words_is_idempotent_and_case_insensitive(text: str) -> None:
    once = replace_number_words(text)
    assert replace_number_words(once) == once
    assert replace_number_words(text.lower()) == once.lower()


_PIECES = st.sampled_from([*numbers._CORE[:12], "One", "SIX", "ſix", "3", "4,5", "a", "-", " "])


@given(st.lists(st.one_of(_PIECES, st.text(max_size=4)), max_size=12).map("".join))
def test_the_quick_screen_finds_what_the_full_search_finds(text: str) -> None:
    """find_numbers screens sentences (no number word: a digits-only search; no digit
    either: none); the answer is the full search's."""
    found = numbers._CANDIDATE.finditer(text)
    assert find_numbers(text) == [span for m in found for span in numbers._spans_in(text, m)]
