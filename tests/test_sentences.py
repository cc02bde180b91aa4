"""The rule-based sentence splitter: abbreviations, quotes, offsets, paragraphs, caps."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handlers.analysis.sentences import MAX_SENTENCE_CHARS, Sentence, split_sentences

TITLES = ("Gen.", "Lt.", "Col.", "Sgt.", "Dr.", "Mr.", "Mrs.", "Ms.", "Prof.", "Sen.", "Rep.")
TITLES += ("Gov.", "Pres.", "vs.", "e.g.", "i.e.")
MAY_END = ("U.S.", "U.K.", "U.N.", "St.", "Jr.", "Sr.", "Inc.", "Ltd.", "Co.", "Corp.")
MAY_END += ("Jan.", "Feb.", "Aug.", "Sept.", "Oct.", "Nov.")


def texts(text: str) -> list[str]:
    return [sentence.text for sentence in split_sentences(text)]


def test_abbreviations_ellipsis_dates_and_decimals() -> None:
    text = "U.S. officials said... Gen. Smith arrived on Oct. 28. He said 3.5 million."
    assert texts(text) == [
        "U.S. officials said... Gen. Smith arrived on Oct. 28.",
        "He said 3.5 million.",
    ]


def test_sentences_carry_offsets_paragraphs_and_a_running_index() -> None:
    text = "  First one. Second one!\n\n\n   \nThird one?  \r\nFourth"
    assert split_sentences(text) == [
        Sentence(0, 0, 2, 12, "First one."),
        Sentence(0, 1, 13, 24, "Second one!"),
        Sentence(1, 2, 31, 41, "Third one?"),
        Sentence(2, 3, 45, 51, "Fourth"),
    ]


@pytest.mark.parametrize(
    "abbreviation",
    TITLES,
)
def test_titles_never_end_a_sentence(abbreviation: str) -> None:
    text = f"They met {abbreviation} Smith in Kursk. Then they left."
    assert texts(text) == [f"They met {abbreviation} Smith in Kursk.", "Then they left."]


@pytest.mark.parametrize(
    "abbreviation",
    MAY_END,
)
def test_abbreviations_that_can_end_a_sentence(abbreviation: str) -> None:
    assert texts(f"It was the {abbreviation} Kursk office.") == [
        f"It was the {abbreviation} Kursk office."
    ]
    assert texts(f"It was in the {abbreviation} The rest followed.") == [
        f"It was in the {abbreviation}",
        "The rest followed.",
    ]


def test_month_abbreviation_before_a_day() -> None:
    text = "Clashes began on Nov. 4 and by Sept. 30 it was over. Aug. 1 was calm."
    assert texts(text) == [
        "Clashes began on Nov. 4 and by Sept. 30 it was over.",
        "Aug. 1 was calm.",
    ]


def test_no_before_a_number_only() -> None:
    assert texts("He lives at No. 10 Downing Street. The answer was no. Then he left.") == [
        "He lives at No. 10 Downing Street.",
        "The answer was no.",
        "Then he left.",
    ]


def test_initials_stay_inside_names() -> None:
    text = "John F. Kennedy and George H. W. Bush met J. K. Rowling. Nobody believed it."
    assert texts(text) == [
        "John F. Kennedy and George H. W. Bush met J. K. Rowling.",
        "Nobody believed it.",
    ]


def test_etc_ends_a_sentence_before_a_capital() -> None:
    assert texts("Tanks, shells, drones, etc. Moscow denied it. Fuel etc. was short.") == [
        "Tanks, shells, drones, etc.",
        "Moscow denied it.",
        "Fuel etc. was short.",
    ]


def test_decimals_and_money_do_not_split() -> None:
    assert texts("Aid rose to $1.2bn. It was 3.5 million in 2.5% of cases. Done.") == [
        "Aid rose to $1.2bn.",
        "It was 3.5 million in 2.5% of cases.",
        "Done.",
    ]


def test_closing_quotes_and_brackets_stay_with_their_sentence() -> None:
    text = (
        'He said "no." Then he left. She said “yes.” They wrote ‘maybe.’ '
        "It ended (finally.) Some [noted.] Others did not."
    )
    assert texts(text) == [
        'He said "no."',
        "Then he left.",
        "She said “yes.”",
        "They wrote ‘maybe.’",
        "It ended (finally.)",
        "Some [noted.]",
        "Others did not.",
    ]


def test_an_opening_quote_or_a_digit_starts_a_sentence() -> None:
    assert texts('He left. "We will return," he said. 10,000 troops stayed.') == [
        "He left.",
        '"We will return," he said.',
        "10,000 troops stayed.",
    ]


def test_lowercase_after_a_period_does_not_split() -> None:
    assert texts("The troops arrived in approx. two days. Others came later.") == [
        "The troops arrived in approx. two days.",
        "Others came later.",
    ]


def test_ellipsis_splits_only_when_it_closes_a_quote() -> None:
    assert texts('"We will win..." Then silence. He said … Nothing else.') == [
        '"We will win..."',
        "Then silence.",
        "He said … Nothing else.",
    ]


def test_question_and_exclamation_marks() -> None:
    assert texts("Is it true?! Yes! Really? Yes.") == ["Is it true?!", "Yes!", "Really?", "Yes."]


def test_a_missing_space_keeps_sentences_together() -> None:
    assert texts("Clouds on the horizon.On October 5 it rained.") == [
        "Clouds on the horizon.On October 5 it rained."
    ]


def test_empty_and_blank_text() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\t\n  \r\n") == []


def test_run_on_sentences_are_cut_at_a_safe_boundary() -> None:
    clause = "troops moved along the border near the town"
    text = "; ".join([clause] * 60) + "."
    sentences = split_sentences(text)
    assert len(sentences) > 1
    assert all(len(sentence.text) <= MAX_SENTENCE_CHARS for sentence in sentences)
    assert all(sentence.text.endswith(";") for sentence in sentences[:-1])
    assert " ".join(sentence.text for sentence in sentences) == text


def test_run_on_without_separators_is_cut_hard() -> None:
    text = "x" * 2500
    assert [len(sentence.text) for sentence in split_sentences(text)] == [1000, 1000, 500]


def test_twenty_thousand_sentences() -> None:
    paragraph = " ".join(
        f"Sentence {n} says U.S. Gen. Smith saw 3.5 million on Oct. 28." for n in range(100)
    )
    sentences = split_sentences("\n".join([paragraph] * 200))
    assert len(sentences) == 20_000
    assert sentences[-1].index == 19_999 and sentences[-1].paragraph == 199


def _check_invariants(text: str, sentences: list[Sentence]) -> None:
    previous_end = 0
    for number, sentence in enumerate(sentences):
        assert sentence.index == number
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text and sentence.text == sentence.text.strip()
        assert len(sentence.text) <= MAX_SENTENCE_CHARS
        assert sentence.start >= previous_end
        previous_end = sentence.end
    covered = "".join(sentence.text for sentence in sentences)
    assert "".join(covered.split()) == "".join(text.split())  # nothing lost but whitespace


PIECES = st.sampled_from([*"aZ .!?\"'”)(\n\r\t…19", "U.S.", "Dr.", "etc.", "x" * 400])


@given(st.lists(PIECES).map("".join))
def test_any_text_round_trips(text: str) -> None:
    _check_invariants(text, split_sentences(text))


@given(st.text())
def test_any_unicode_round_trips(text: str) -> None:
    _check_invariants(text, split_sentences(text))


def test_corpus_round_trips(corpus: Path) -> None:
    for path in sorted(corpus.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        sentences = split_sentences(text)
        _check_invariants(text, sentences)
        lines = [line for line in text.splitlines() if line.strip()]
        assert sentences[-1].paragraph == len(lines) - 1
        assert not any(sentence.text.endswith(TITLES) for sentence in sentences)
