"""Normalisation shared by indexing and querying: fold, normalise, terms, clean_post."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handlers.analysis.sentences import split_sentences
from handlers.analysis.text import (
    STOPWORDS,
    clean_post,
    fold,
    normalise,
    post_author,
    term_set,
    terms,
    truncate_query,
)

# Any str at all: every category, lone surrogates included.
ANY_TEXT = st.text(st.characters(exclude_categories=()) | st.characters(categories=["Cs"]))
HOSTILE = [
    "",
    "\x00\x01\x02\x7f\x9f",
    "👍🏽 🇺🇦 👨‍👩‍👧 troops",
    "قوات كوريا الشمالية في كورسك",
    "\u202eevil\u202c \u200f\u200e",
    "e\u0301\u0301\u0301 \u0301 a\u20dd",
    "\ud800 lone \udfff surrogates",
    "\ufeffBOM and \u00adsoft hyphen",
    "北朝鮮の兵士 1万人",
    "#" * 50 + "@" * 50 + "https://" * 20,
]


def test_curly_quotes_and_primes_become_straight() -> None:
    folded = fold("‘Small-scale’ and “large” „low‟ 5′ 10″")
    assert folded == '\'small-scale\' and "large" "low" 5\' 10"'


@pytest.mark.parametrize("dash", list("‐‑‒–—―−﹘﹣－"))
def test_every_dash_becomes_a_hyphen(dash: str) -> None:
    assert fold(f"Russia{dash}Ukraine") == "russia-ukraine"


def test_accents_and_case_fold_away() -> None:
    assert fold("Zelénskyy") == fold("Zelenskyy") == fold("ZELENSKYY") == "zelenskyy"
    assert fold("Besançon Ærø Łódź Straße İzmir ﬁnal") == "besancon ærø łodz strasse izmir final"


def test_non_latin_scripts_keep_their_letters() -> None:
    assert fold("Йошкар-Ола Ёлка") == "йошкар-ола ёлка"  # no breve/diaeresis stripping
    assert fold("Ελλάδα") == "ελλάδα"
    assert fold("北朝鮮 كورسك हिन्दी") == "北朝鮮 كورسك हिन्दी"


def test_controls_and_invisibles_go_but_tabs_and_newlines_stay() -> None:
    assert fold("a\x00b\tc\nd\x07e\u200bf\u00adg\ufeffh") == "ab\tc\ndefgh"
    assert fold("one\r\ntwo\rthree\x0cfour") == "one\ntwo\nthree\nfour"


def test_lone_surrogates_are_dropped() -> None:
    folded = fold("a\ud800b\udfffc")
    assert folded == "abc"
    folded.encode("utf-8")


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_input_never_raises(text: str) -> None:
    for function in (fold, normalise, clean_post, terms, term_set, truncate_query):
        function(text)


@given(ANY_TEXT)
def test_fold_never_raises_and_is_idempotent(text: str) -> None:
    folded = fold(text)
    assert fold(folded) == folded
    folded.encode("utf-8")  # what the database will need


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("Ten thousand troops", "10000 troops"),
        ("10,000 troops", "10000 troops"),
        ("half a million people", "500000 people"),
        ("11k soldiers", "11000 soldiers"),
        ("1.5 million", "1500000"),
    ],
)
def test_normalise_rewrites_numbers(written: str, normalised: str) -> None:
    assert normalise(written) == normalised


def test_normalise_collapses_whitespace() -> None:
    spaced = "  North\u00a0Korean\n\n troops\t in   Kursk "
    assert normalise(spaced) == "north korean troops in kursk"


def test_same_claim_written_differently_gives_the_same_terms() -> None:
    index_side = "About 10,000 North Korean soldiers were deployed to Kursk"
    query_side = "“ten thousand” north korean SOLDIER deployed in kursk"
    assert term_set(index_side) == term_set(query_side)


def test_terms_are_porter_stems() -> None:
    assert terms("troops") == terms("troop") == ["troop"]
    assert terms("soldiers") == ["soldier"]
    assert terms("deployed deploying deployment") == ["deploi", "deploi", "deploy"]


def test_terms_drop_stopwords_and_single_characters_but_keep_order_and_repeats() -> None:
    assert terms("The troops were in the town, and the troops were a threat to 4 of us") == [
        "troop",
        "town",
        "troop",
        "threat",
        "us",
    ]


def test_terms_keep_numbers_unstemmed() -> None:
    assert terms("10,000 troops in 2024") == ["10000", "troop", "2024"]
    assert terms("3.5% of 35") == ["3p5", "35"]  # a decimal stays one term, not 35


def test_terms_split_hyphens_and_join_dotted_acronyms() -> None:
    assert terms("Russia–Ukraine war") == terms("Russia-Ukraine war") == ["russia", "ukrain", "war"]
    assert terms("U.S. troops") == terms("US troops")
    assert terms("U.K. and E.U.") == ["uk", "eu"]


def test_terms_of_non_latin_text_are_kept() -> None:
    assert terms("Войска КНДР в Курске") == ["войска", "кндр", "курске"]


@given(ANY_TEXT)
def test_terms_are_single_alphanumeric_words(text: str) -> None:
    """A full-text tokenizer (SQLite unicode61, PostgreSQL) must not split a term again."""
    for term in terms(text):
        assert re.fullmatch(r"[^\W_]{2,}", term), term


def test_stopwords_are_a_standard_english_list() -> None:
    assert 130 <= len(STOPWORDS) <= 200
    common = {"the", "a", "of", "and", "to", "in", "is", "was", "has", "have", "that"}
    assert common <= STOPWORDS
    assert all(word == word.lower() for word in STOPWORDS)


def test_truncate_query_cuts_at_a_word_boundary() -> None:
    assert truncate_query("short query") == ("short query", False)
    assert truncate_query("North Korean troops", 15) == ("North Korean", True)
    assert truncate_query("North Korean troops", 12) == ("North Korean", True)
    assert truncate_query("Pneumonoultramicroscopic", 10) == ("Pneumonoul", True)
    text, cut = truncate_query("word " * 1000)
    assert cut and len(text) <= 2000 and text.endswith("word")
    with pytest.raises(ValueError):
        truncate_query("x", 0)


def test_clean_post_strips_picture_link_hashtag_and_signature() -> None:
    post = (
        "How are butterflies surviving the #AustralianFires? Footage by Julie Favell "
        "pic.twitter.com/0eJtwJyS1J — Center for Bio Div (@CenterForBioDiv) January 14, 2020"
    )
    assert clean_post(post) == (
        "How are butterflies surviving the Australian Fires? Footage by Julie Favell"
    )


def test_clean_post_unglues_a_link_from_a_hashtag_and_handles_emoji_names() -> None:
    post = (
        '"CBC deletes Trump from Home Alone 2" #DefundTheCBChttps://t.co/CsHG8R9cHp '
        "— Brad Trost 🇨🇦 (@BradTrostCPC) December 26, 2019"
    )
    assert clean_post(post) == '"CBC deletes Trump from Home Alone 2" Defund The CBC'


def test_clean_post_removes_handles_links_and_retweet_prefix() -> None:
    post = "RT @bob: Read this https://example.com/a?b=1. Thanks @alice, see www.example.org"
    assert clean_post(post) == "Read this. Thanks, see"


def test_clean_post_keeps_everything_else() -> None:
    text = "Mail press@example.com - 10,000 troops (Kursk) #G7Summit\n\n#COVID19 & #MeToo"
    cleaned = "Mail press@example.com - 10,000 troops (Kursk) G7 Summit\nCOVID19 & Me Too"
    assert clean_post(text) == cleaned


@pytest.mark.parametrize("dash", ["—", "-", "–", "‑"])
def test_clean_post_signature_with_hyphen_variants(dash: str) -> None:
    post = f"Troops are in Kursk - officials {dash} Jane Doe (@jdoe) Nov 4, 2024"
    assert clean_post(post) == "Troops are in Kursk - officials"


def test_clean_post_leaves_a_dash_that_is_no_signature() -> None:
    assert clean_post("Kursk — a region of Russia") == "Kursk — a region of Russia"


def test_corpus_sentences_give_clean_terms(corpus: Path) -> None:
    for path in sorted(corpus.glob("*.txt")):
        for sentence in split_sentences(path.read_text(encoding="utf-8")):
            found = terms(sentence.text)
            assert all(re.fullmatch(r"[^\W_]{2,}", term) for term in found), found
            assert not {"the", "and", "of", "to", "was"} & set(found)


@pytest.mark.parametrize(
    ("post", "author"),
    [
        ("Troops are in Kursk — Jane Doe (@jdoe) Nov 4, 2024", "Jane Doe"),
        ("Welcome to Trump's America.— Pamela Lytle (@JAG0518) November 9, 2016", "Pamela Lytle"),
        (
            "pic.twitter.com/DZVeo0qKKB— Johanna P Altenstedt (@altenstedt) October 22, 2016",
            "Johanna P Altenstedt",
        ),
        ("Kursk — a region of Russia", ""),
        ("Kursk-based (@kursk) troops", ""),
    ],
)
def test_post_author_is_the_name_in_the_signature(post: str, author: str) -> None:
    assert post_author(post) == author


def test_clean_post_strips_a_signature_glued_to_the_text() -> None:
    post = "Welcome to Trump's America.— Pamela Lytle (@JAG0518) November 9, 2016"
    assert clean_post(post) == "Welcome to Trump's America."
