"""Figure extraction: hedges, ranges, units, counted nouns, non-figures, comparison."""

from __future__ import annotations

import math
import re
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handlers.analysis.counted import SYNONYMS, counted_group, same_counted, topic_nouns
from handlers.analysis.figures import HEDGES, Figure, compatible, extract_figures, interval

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def only(sentence: str) -> Figure:
    figures = extract_figures(sentence)
    assert len(figures) == 1, figures
    return figures[0]


def summary(figure: Figure) -> tuple[float, float | None, float | None, str, str]:
    return figure.value, figure.low, figure.high, figure.hedge, figure.counts


# ---- hedges --------------------------------------------------------------------------


def test_at_least() -> None:
    figure = only("Officials say at least 10,000 North Korean troops have been deployed there.")
    assert summary(figure) == (10_000, 10_000, None, "at least", "troop")
    assert figure.text == "at least 10,000 North Korean troops"
    assert figure.unit == ""


def test_up_to() -> None:
    figure = only("The government plans to send up to 12,000 troops next spring.")
    assert summary(figure) == (12_000, None, 12_000, "up to", "troop")
    assert figure.text == "up to 12,000 troops"


@pytest.mark.parametrize(
    "sentence",
    [
        "Analysts put deployments ranging between 8,000 and 12,000 personnel in the region.",
        "Satellite images suggest 8,000-12,000 soldiers crossed the river.",
        "Satellite images suggest 8,000–12,000 soldiers crossed the river.",
        "Satellite images suggest 8,000 to 12,000 troops crossed the river.",
        "Estimates of the force run from 8,000 to 12,000.",
    ],
)
def test_ranges(sentence: str) -> None:
    figure = only(sentence)
    assert (figure.value, figure.low, figure.high, figure.hedge) == (10_000, 8_000, 12_000, "range")
    assert figure.counts in ("personnel", "soldier", "troop", "")
    assert counted_group(figure.counts) in ("troop", "")


def test_range_text_and_counted_noun() -> None:
    figure = only("Analysts put deployments ranging between 8,000 and 12,000 personnel there.")
    assert figure.text == "between 8,000 and 12,000 personnel"
    assert figure.counts == "personnel"


def test_range_low_end_shares_the_high_ends_scale() -> None:
    figure = only("The war displaced between 8 and 12 million people.")
    assert (figure.low, figure.high, figure.counts) == (8e6, 12e6, "people")


def test_a_decreasing_pair_is_not_a_range() -> None:
    figures = extract_figures("The vote was 52 to 48 in favour.")
    assert [f.value for f in figures] == [52, 48]


@pytest.mark.parametrize(
    ("sentence", "value", "counts"),
    [
        ("Approximately 10,000 soldiers from the North were sent.", 10_000, "soldier"),
        ("Reports mention around 11,000 North Korean troops near the border.", 11_000, "troop"),
        (
            "He said approximately 11,000 North Korean soldiers are stationed there.",
            11_000,
            "soldier",
        ),
        ("They counted about 300 drones overnight.", 300, "drone"),
        ("Roughly 40 tanks were lost.", 40, "tank"),
        ("Some 2,500 refugees arrived.", 2_500, "refugee"),
        ("An estimated 1,200 fighters joined.", 1_200, "fighter"),
        ("Officials estimated 1,200 fighters joined.", 1_200, "fighter"),
        ("The army moved close to 5,000 soldiers.", 5_000, "soldier"),
        ("The army moved ~5,000 soldiers.", 5_000, "soldier"),
        ("The army moved 5,000 or so soldiers.", 5_000, "soldier"),
    ],
)
def test_about(sentence: str, value: float, counts: str) -> None:
    assert summary(only(sentence)) == (value, None, None, "about", counts)


@pytest.mark.parametrize(
    ("sentence", "hedge", "low", "high"),
    [
        ("Losses have exceeded half a million casualties this year.", "more than", 5e5, None),
        ("More than 500,000 casualties were recorded.", "more than", 5e5, None),
        ("Over 500,000 casualties were recorded.", "more than", 5e5, None),
        ("Losses are in excess of 500,000 casualties.", "more than", 5e5, None),
        ("Upwards of 500,000 casualties were recorded.", "more than", 5e5, None),
        ("Fewer than 500,000 casualties were recorded.", "fewer than", None, 5e5),
        ("Less than 500,000 casualties were recorded.", "fewer than", None, 5e5),
        ("Under 500,000 casualties were recorded.", "fewer than", None, 5e5),
        ("No more than 500,000 casualties were recorded.", "up to", None, 5e5),
        ("As many as 500,000 casualties were recorded.", "up to", None, 5e5),
        ("No fewer than 500,000 casualties were recorded.", "at least", 5e5, None),
        ("There were 500,000 or more casualties.", "at least", 5e5, None),
        ("There were 500,000+ casualties.", "at least", 5e5, None),
    ],
)
def test_bounding_hedges(sentence: str, hedge: str, low: float | None, high: float | None) -> None:
    figure = only(sentence)
    assert (figure.value, figure.low, figure.high, figure.hedge) == (5e5, low, high, hedge)
    assert counted_group(figure.counts) == "casualty"


def test_exceeded_half_a_million_casualties() -> None:
    figure = only("Officials estimate losses have exceeded half a million casualties.")
    assert summary(figure) == (500_000, 500_000, None, "more than", "casualty")
    assert figure.text == "exceeded half a million casualties"


def test_vague() -> None:
    figure = only("A few thousand troops will not change the front line.")
    assert summary(figure) == (3_000, 2_000, 9_000, "vague", "troop")


def test_every_hedge_is_listed() -> None:
    sentences = [
        "He saw 5 tanks.",
        "He saw at least 5 tanks.",
        "He saw up to 5 tanks.",
        "He saw about 5 tanks.",
        "He saw more than 5 tanks.",
        "He saw fewer than 5 tanks.",
        "He saw 5 to 7 tanks.",
        "He saw a few dozen tanks.",
        "He saw nearly 5 tanks.",
        "He saw just over 5 tanks.",
    ]
    assert [only(s).hedge for s in sentences] == list(HEDGES)


@pytest.mark.parametrize(
    "sentence",
    [
        "Nearly 900 civilians were evacuated.",
        "Almost 900 civilians were evacuated.",
        "Just under 900 civilians were evacuated.",
    ],
)
def test_nearly_is_just_under_not_about(sentence: str) -> None:
    figure = only(sentence)
    assert summary(figure) == (900, None, None, "nearly", "civilian")
    assert figure.measure == "evacuated"


# ---- units -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "value", "counts"),
    [
        ("Turnout fell to 15% of the electorate.", 15, "electorate"),
        ("Some 15 percent of Ukrainian troops are reservists.", 15, "troop"),
        ("Prices rose 15 per cent in a month.", 15, ""),
        ("Prices rose 15%.", 15, ""),
    ],
)
def test_percentages(sentence: str, value: float, counts: str) -> None:
    figure = only(sentence)
    assert (figure.value, figure.unit, figure.counts) == (value, "%", counts)


@pytest.mark.parametrize(
    ("sentence", "value", "unit"),
    [
        ("Congress approved $2 billion for the programme.", 2e9, "USD"),
        ("Brussels pledged €500m on Monday.", 5e8, "EUR"),
        ("London added £3bn to the fund.", 3e9, "GBP"),
        ("The deal is worth 2 billion dollars over a decade.", 2e9, "USD"),
        ("The deal is worth 40 million euros.", 4e7, "EUR"),
    ],
)
def test_money(sentence: str, value: float, unit: str) -> None:
    figure = only(sentence)
    assert (figure.value, figure.unit, figure.hedge) == (value, unit, "exact")


# ---- what is never a figure ----------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The first clash, a skirmish on November 4, a move watched closely, was brief.",
        "The clash on Nov. 4 was brief.",
        "The clash on 4 November was brief.",
        "The clash on the 4th of November was brief.",
        "The statement came on October 28, 2024, after a briefing.",
        "On October 29, 2023, the minister arrived in Moscow.",
        "The memo is dated 11/10/2024.",
        "The memo is dated 2024-11-08.",
        "Fighting resumed in 2023 and has continued since 2022.",
        "The 2023 offensive stalled by 2024.",
        "The budget for 2024-25 was cut.",
        "The strike came at 11am and again at 00:11am.",
        "The strike came at 10:30 and again at 5 p.m.",
        "The strike came at 5 pm local time.",
        "Posted by staff, 4 min read.",
        "Updated November 2024, 20244 min read.",
        "It was the first and the 21st attempt.",
        "They watched Home Alone 2 on the plane.",
        "A Boeing 737 landed at the base.",
        "The G7 met after the COVID-19 pandemic.",
        "Allies invoked Article 5 and sent an F-16 squadron.",
        "Call +44 20 7946 0958 or (555) 123-4567 for details.",
        "Call 555-123-4567 for details.",
        "The Fantastic Four and Ocean's Eleven were screened.",
        "One of the commanders said no one was hurt.",
        "He works 24/7 for the paper.",
    ],
)
def test_non_figures(sentence: str) -> None:
    assert extract_figures(sentence) == []


def test_a_day_of_the_month_is_not_a_figure_but_the_troops_are() -> None:
    sentence = (
        "Officials said at least 10,000 North Korean troops were deployed, and their units "
        "fought a skirmish on November 4, a move that was monitored closely."
    )
    assert [summary(f) for f in extract_figures(sentence)] == [
        (10_000, 10_000, None, "at least", "troop")
    ]


def test_a_hedged_year_shaped_number_is_a_figure() -> None:
    assert summary(only("About 2000 troops crossed.")) == (2000, None, None, "about", "troop")


def test_a_month_followed_by_a_figure_keeps_the_figure() -> None:
    assert summary(only("In November 4,000 troops crossed.")) == (
        4000,
        None,
        None,
        "exact",
        "troop",
    )


def test_a_capitalised_number_word_opening_a_sentence_is_a_figure() -> None:
    assert summary(only("Four soldiers died.")) == (4, None, None, "exact", "soldier")


def test_bare_numbers_are_kept_without_a_counted_noun() -> None:
    figure = only("Officials said 10,000 have been sent.")
    assert (figure.value, figure.counts, figure.text) == (10_000, "", "10,000")


# ---- counted nouns -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "counts"),
    [
        ("Witnesses saw 500 heavily armed elite soldiers.", "soldier"),
        ("Witnesses saw 10,000 North Korean troops.", "troop"),
        ("They reported 10,000 of the troops missing.", "troop"),
        ("They buried 300 casualties.", "casualty"),
        ("They counted 300 deaths.", "death"),
        ("The unit had 300 personnel.", "personnel"),
        ("The unit had 300 servicemen.", "serviceman"),
        ("The unit had 300 service members.", "service member"),
        ("The blast left 300 people homeless.", "people"),
        ("The blast left 300 wounded.", "wounded"),
        ("The blast left 300 wounded soldiers.", "soldier"),
        ("A 12,000-strong force arrived.", "force"),
        ("The army fired 40 missiles and 12 drones.", "missile"),
        ("Officials said 8,000 Russians were captured.", "russian"),
        ("Officials said 500 Hamas fighters were captured.", "fighter"),
        ("Officials said 10,000 US troops were ready.", "troop"),
    ],
)
def test_counted_nouns(sentence: str, counts: str) -> None:
    assert extract_figures(sentence)[0].counts == counts


def test_counted_groups() -> None:
    assert counted_group("soldiers") == "troop"
    assert counted_group("Personnel") == "troop"
    assert counted_group("fatalities") == "casualty"
    assert counted_group("widgets") == "widget"
    assert same_counted("troops", "servicemen")
    assert same_counted("deaths", "casualty")
    assert not same_counted("troops", "casualties")
    assert not same_counted("", "")
    assert all(group in members for group, members in SYNONYMS.items())


@pytest.mark.parametrize(
    ("topic", "group"),
    [
        ("troops", "troop"),
        ("soldiers", "troop"),
        ("soliders", "troop"),
        ("North Korean troops", "troop"),
        ("casualties", "casualty"),
        ("casualites", "casualty"),
        ("deaths", "casualty"),
        ("refugees", "refugee"),
    ],
)
def test_topic_nouns(topic: str, group: str) -> None:
    assert topic_nouns(topic) >= SYNONYMS[group]
    assert "missile" not in topic_nouns(topic)


def test_topic_nouns_of_an_unknown_topic() -> None:
    assert topic_nouns("Widgets") == {"widget"}
    assert topic_nouns("  ") == set()


# ---- comparing figures ---------------------------------------------------------------


def figure(hedge: str, value: float, low: float | None = None, high: float | None = None) -> Figure:
    return Figure(value, low, high, hedge, "troop", "", "", start=0, end=0)


def test_intervals() -> None:
    assert interval(figure("exact", 100)) == (100, 100)
    assert interval(figure("about", 100)) == pytest.approx((95, 105))
    assert interval(figure("about", 100), tolerance=0.1) == pytest.approx((90, 110))
    assert interval(figure("at least", 100)) == (100, math.inf)
    assert interval(figure("more than", 100)) == (100, math.inf)
    assert interval(figure("up to", 100)) == (0, 100)
    assert interval(figure("fewer than", 100)) == (0, 100)
    assert interval(figure("range", 100, 80, 120)) == (80, 120)
    assert interval(figure("vague", 3000, 2000, 9000)) == (2000, 9000)


def claim(sentence: str) -> Figure:
    return only(sentence)


def test_compatible() -> None:
    exact_11k = claim("They sent 11,000 troops.")
    assert compatible(exact_11k, claim("They sent at least 10,000 troops."))
    assert compatible(exact_11k, claim("They sent around 11,000 troops."))
    assert compatible(exact_11k, claim("They sent between 8,000 and 12,000 troops."))
    assert not compatible(exact_11k, claim("They sent approximately 10,000 troops."))
    assert not compatible(
        claim("They sent 15,000 troops."), claim("They sent up to 12,000 troops.")
    )
    assert not compatible(
        claim("They sent approximately 10,000 troops."), claim("They sent around 11,000 troops.")
    )
    assert compatible(claim("They sent about 10,000 troops."), claim("They sent 10,400 troops."))
    assert not compatible(claim("Prices rose 15%."), claim("They sent 15 troops."))


# ---- the shared corpus ---------------------------------------------------------------


def corpus_sentences() -> list[str]:
    if not CORPUS.is_dir() or not any(CORPUS.glob("*.txt")):
        pytest.skip(f"shared corpus not found at {CORPUS} (it lives beside the checkout)")
    text = "\n".join(path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.txt")))
    return [s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


def test_corpus_figures() -> None:
    figures = [f for sentence in corpus_sentences() for f in extract_figures(sentence)]
    troops = {
        (f.hedge, f.value, f.low, f.high)
        for f in figures
        if counted_group(f.counts) == "troop" and f.hedge != "vague"
    }
    assert troops == {
        ("at least", 10_000, 10_000, None),
        ("about", 10_000, None, None),
        ("about", 8_000, None, None),
        ("about", 11_000, None, None),
        ("up to", 12_000, None, 12_000),
        ("range", 10_000, 8_000, 12_000),
    }
    vague = [f for f in figures if f.hedge == "vague"]
    assert [(f.counts, f.low, f.high) for f in vague] == [("troop", 2_000, 9_000)]
    casualties = [f for f in figures if counted_group(f.counts) == "casualty"]
    assert [(f.value, f.hedge) for f in casualties] == [(500_000, "more than")]
    assert not {4, 28, 29, 2023, 2024} & {f.value for f in figures}


def test_extraction_is_fast_enough_for_indexing() -> None:
    plain = "The delegation met ministers in the capital to discuss the situation."
    numeric = "Officials said about 10,000 troops and half a million civilians had moved."
    sentences = [plain, plain, plain, numeric] * 1_250
    # A guard against a slip that makes it many times slower (a pattern that backtracks),
    # in CPU seconds so a loaded machine cannot fail it; ingest's speed is measured by
    # `make bench` (bench.scale), not here.
    started = time.process_time()
    for sentence in sentences:
        extract_figures(sentence)
    assert time.process_time() - started < 5.0, "slower than 1,000 sentences per CPU-second"


# ---- properties ----------------------------------------------------------------------

HEDGE_WORDS = ["", "at least ", "up to ", "about ", "around ", "more than ", "fewer than "]
NUMBERS = st.integers(min_value=1, max_value=10**9).map(lambda n: f"{n:,}")
NOUNS = st.sampled_from(["troops", "soldiers", "casualties", "people", "drones", "", "have"])
FILLER = st.lists(st.sampled_from(["officials", "said", "the", "army", "sent", "in", "Kursk"]))
SENTENCES = st.builds(
    lambda before, hedge, number, noun, after: " ".join(
        [*before, "said", f"{hedge}{number} {noun}".strip(), *after]
    ),
    FILLER,
    st.sampled_from(HEDGE_WORDS),
    NUMBERS,
    NOUNS,
    FILLER,
)
WRAPS = st.sampled_from([("  ", "  "), ('"', '"'), ("“", "”"), ("", "."), ("(", ")."), ("'", "'")])


def essentials(figures: list[Figure]) -> list[tuple]:
    return [(f.value, f.low, f.high, f.hedge, f.counts, f.unit, f.text) for f in figures]


@given(st.text(max_size=200))
def test_extract_figures_never_raises(text: str) -> None:
    for found in extract_figures(text):
        assert text[found.start : found.end] == found.text
        low, high = interval(found)
        assert low <= high


@given(st.one_of(SENTENCES, st.text(max_size=120)), WRAPS)
def test_extraction_is_stable_under_wrapping(sentence: str, wrap: tuple[str, str]) -> None:
    wrapped = f"{wrap[0]}{sentence}{wrap[1]}"
    assert essentials(extract_figures(wrapped)) == essentials(extract_figures(sentence))


@given(SENTENCES)
def test_generated_sentences_give_their_figure(sentence: str) -> None:
    figures = extract_figures(sentence)
    assert len(figures) == 1
    assert figures[0].value >= 1


@pytest.mark.parametrize(
    "sentence",
    [
        "at least 10,000 North Korean troops have been deployed",
        "Approximately 10,000 soldiers from the North",
        "between 8,000 and 12,000 personnel",
        "losses exceeded half a million casualties",
        "a few thousand troops",
        "Boeing 737 and Article 5",
        "on November 4, 2024 at 5 p.m.",
        "Four soldiers died",
        "$2 billion",
    ],
)
@pytest.mark.parametrize("wrap", [("  ", "  "), ('"', '"'), ("“", "”"), ("", "."), ("'", "'")])
def test_written_sentences_are_stable_under_wrapping(sentence: str, wrap: tuple[str, str]) -> None:
    wrapped = f"{wrap[0]}{sentence}{wrap[1]}"
    assert essentials(extract_figures(wrapped)) == essentials(extract_figures(sentence))


@pytest.mark.parametrize(
    "sentence",
    [
        "Russia has suffered more than half a million soldiers killed or wounded.",
        "Kyiv says nearly 700,000 troops were killed and wounded.",
        "Around 200 civilians killed in the shelling.",
    ],
)
def test_people_killed_or_wounded_are_casualties_not_troops(sentence: str) -> None:
    assert extract_figures(sentence)[0].counts == "casualty"
