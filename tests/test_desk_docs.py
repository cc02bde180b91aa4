"""Acceptance: what a fact-checker sees for six desk documents nobody tuned for
(tests/desk_docs.py: press release .docx, results page .html, court wire .txt, interview
transcript .md, health bulletin .pdf, corrections notice .txt), through the CLI's --json
contract and the real Slack app over 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.claim_figures import figures_of
from tests.desk_docs import write_all


@pytest.fixture
def desk(cli, tmp_path: Path):
    cli.index_all(write_all(tmp_path / "desk")["court"].parent, 6)
    return cli


def figures(cli, passage: str) -> list[tuple]:
    """(text, value, counts, status, speaker text, speaker kind) of each figure of the
    passage /claim finds for `passage`, as `claim --json` gives them."""
    return figures_of(cli, passage, ("value", "counts", "status"))


def passages(cli, query: str) -> list[str]:
    return [r["excerpt"] for r in cli.json("claim", query)["results"]]


# ---- a corrections notice takes its wrong figure back --------------------------------


REPORTED = (
    "A report on the Brackwater bridge closure (5 November) said 40 lorries a day would be "
    "diverted through Hollin village."
)
CORRECTED = "An earlier version said 40; the correct figure is 14."


def test_a_corrected_figure_is_withdrawn_where_it_was_reported(desk) -> None:
    said = "A report on the Brackwater bridge closure (5 November)"
    assert figures(desk, REPORTED) == [("40 lorries", 40, "lorry", "withdrawn", said, "unnamed")]
    answer = desk.json("claim", "40 lorries a day will be diverted through Hollin village")
    found = {r["excerpt"]: (r["check"], r["note"]) for r in answer["results"]}
    # the figure the source took back contradicts the claim: never a ✅
    assert found[REPORTED] == ("differs", "source withdrew 40 lorries")
    assert found[CORRECTED] == ("differs", "source says 14")
    assert "supports" not in {check for check, _ in found.values()}


def test_the_correct_figure_counts_what_the_wrong_one_counted(desk) -> None:
    assert figures(desk, CORRECTED) == [
        ("40", 40, "", "withdrawn", None, None),
        ("14", 14, "lorry", "", None, None),
    ]
    answer = desk.json("claim", "14 lorries a day will be diverted through Hollin village")
    found = {r["excerpt"]: (r["check"], r["note"]) for r in answer["results"]}
    assert found[CORRECTED] == ("supports", "source says 14")


def test_words_of_a_correction_elsewhere_withdraw_nothing(desk) -> None:
    negative = (
        "The original version of the bridge, opened in 1894, carried 2 lanes; 3 drivers were "
        "wrongly blamed for the crack, the county said."
    )
    assert figures(desk, negative) == [
        ("2 lanes", 2, "lane", "", "the county", "unnamed"),
        ("3 drivers", 3, "driver", "", "the county", "unnamed"),
    ]  # and the year 1894 is no figure


# ---- a results page: its list, its table, its race times -----------------------------


def test_list_items_and_table_rows_of_a_page_are_sentences(desk) -> None:
    found = passages(desk, "Saskia Brandvold Team Fjell")
    assert "Saskia Brandvold (Team Fjell), at 12s" in found
    assert "Saskia Brandvold: Team: Team Fjell; 14h 03m 15s time." in found
    every = desk.json("claim", "Lena Marchetti Velo Norte Rider Team Time")["results"]
    assert not [r["excerpt"] for r in every if r["excerpt"].startswith(("- ", "|"))]


def test_a_race_time_is_no_figure_of_millions(desk) -> None:
    assert figures(desk, "Lena Marchetti (Velo Norte), 4h 31m 02s") == []
    spectators = (
        "An estimated 25,000 spectators lined the final climb, police said, and 2.5m people "
        "watched the stage on television."
    )
    assert figures(desk, spectators) == [
        ("An estimated 25,000 spectators", 25_000, "spectator", "", "police", "unnamed"),
        ("2.5m people", 2_500_000, "people", "", None, None),  # police said only the first
    ]


# ---- what a figure counts, and who gives it ------------------------------------------


def test_modifiers_joined_by_and_leave_the_noun_counted(desk) -> None:
    release = (
        "Fenwick Borough Council has completed 2,340 damp and mould repairs in council homes "
        "since January, the council's housing director, Priya Nandakumar, said on Tuesday."
    )
    director = "the council's housing director, Priya Nandakumar"
    assert figures(desk, release) == [
        ("2,340 damp and mould repairs", 2_340, "repair", "", director, "person")
    ]
    answer = desk.json("claim", "Fenwick council completed 3,000 damp repairs")
    assert {r["excerpt"]: r["check"] for r in answer["results"]}[release] == "differs"


def test_a_plural_noun_that_rose_to_a_figure_is_what_it_counts(desk) -> None:
    cases = "Confirmed measles cases rose to 87 this week, up from 61, the agency said."
    assert figures(desk, cases) == [
        ("87", 87, "case", "", "the agency", "unnamed"),
        ("61", 61, "", "", "the agency", "unnamed"),
    ]
    top = desk.json("claim", "Measles cases rose to 120")["results"][0]
    assert (top["excerpt"], top["check"]) == (cases, "differs")
    total = "The weekly total of suspected infections fell to 40."  # a total is no count
    assert figures(desk, total) == [("40", 40, "", "", None, None)]


def test_a_place_in_apposition_or_a_speaker_label_is_no_source(desk) -> None:
    hearing = (
        "Gideon Threlkeld, 58, of Upper Wyke, had admitted 14 counts of fraud by abuse of "
        "position at an earlier hearing."
    )
    assert figures(desk, hearing) == [
        ("58", 58, "", "", None, None),
        ("14 counts", 14, "count", "", None, None),
    ]  # not "of Upper Wyke", an organisation
    answer = "A: They say 120 posts are unfilled county-wide."
    assert figures(desk, answer) == [("120 posts", 120, "post", "", None, None)]  # not "A: They"


def test_a_table_rows_label_is_no_speaker(desk) -> None:
    assert figures(desk, "Harlow Green: 812 repairs done; 95 still waiting.") == [
        ("812 repairs", 812, "repair", "", None, None),
        ("95", 95, "repair", "", None, None),
    ]  # was said by "Harlow Green", a person


# ---- a transcript's header, a label's number, a councillor's title -------------------


def test_a_transcript_is_dated_by_its_broadcast_line(desk) -> None:
    found = desk.json("claim", "How many teaching posts are empty at your school")["results"]
    document = found[0]["document"]
    assert document["path"].endswith("teacher-vacancies-transcript.md")
    assert (document["published"], document["author"]) == ("2026-09-03", "Colm Teague")


def test_a_number_naming_a_stage_or_school_year_counts_nothing(desk) -> None:
    assert figures(desk, "Tour of the Lakes: stage 4 results") == []
    classes = "ALMA RUSK: Some year seven classes now have 34 pupils, up from 28 last year."
    assert figures(desk, classes) == [
        ("34 pupils", 34, "pupil", "", None, None),
        ("28", 28, "", "", None, None),
    ]
    last_year = "Last year 96 riders finished the whole race."  # a year, not a label
    assert figures(desk, last_year) == [("96 riders", 96, "rider", "", None, None)]


def test_a_councillor_is_a_title_not_part_of_the_name(desk) -> None:
    answer = desk.json("who", "Ruth Okafur")
    assert (answer["person"]["name"], answer["person"]["titles"]) == ("Ruth Okafor", ["Councillor"])


# ---- the same in Slack ---------------------------------------------------------------


def test_slack_shows_the_withdrawn_report_and_the_correction(desk, wire) -> None:
    shown = wire.answer_to(
        wire.command("/claim", "40 lorries a day will be diverted through Hollin village")
    ).shown()
    assert "withdrew 40 lorries" in shown and "says 40 lorries" not in shown
    shown = wire.answer_to(wire.command("/figures", "lorries")).shown()
    assert "14" in shown and "(withdrawn)" in shown
    shown = wire.answer_to(wire.command("/claim", "Marchetti won by 31 seconds")).shown()
    assert "31,000,000" not in shown and "31 million" not in shown
