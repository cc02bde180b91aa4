"""Acceptance: what a fact-checker sees for fresh documents nobody tuned for
(tests/port_docs.py, five formats): counted nouns written before a figure or left out,
"he" standing for the last speaker (and for no one when two could be meant), a group
label that carries its verb, and places and companies that are no people. Through the
CLI's --json contract and the real Slack app over 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import pytest

from store import Store
from tests.claim_figures import figures_of
from tests.port_docs import write_all


@pytest.fixture
def indexed(cli, tmp_path: Path):
    cli.index_all(write_all(tmp_path / "port")["strike"].parent, 5)
    return cli


def passage_figures(cli, passage: str) -> list[tuple]:
    """(text, counts, measure, speaker text, speaker kind) of each figure of the passage
    /claim finds for `passage`, as `claim --json` gives them."""
    return figures_of(cli, passage, ("counts", "measure"))


# ---- 1. the counted noun before the figure, or left out ---------------------------------


def test_a_counted_noun_before_the_figure_counts_it(indexed) -> None:
    assert passage_figures(
        indexed,
        "Police put the strikers at 1,500, while the union said more than 2,000 had stopped work.",
    ) == [
        ("1,500", "striker", "", "Police", "unnamed"),
        ("more than 2,000", "striker", "", "the union", "unnamed"),  # elided: the strikers
    ]
    assert passage_figures(
        indexed, "Striking drivers numbered 1,800 by Saturday, the drivers' union said."
    ) == [("1,800", "driver", "", "the drivers' union", "unnamed")]
    found = indexed.json("figures", "strikers")["results"]
    assert {(r["text"], r["counts"]) for r in found} >= {("1,500", "striker")}


def test_an_elided_noun_comes_from_the_sentence_before(indexed) -> None:
    assert passage_figures(indexed, "By Friday about 900 were out.") == [
        ("about 900", "operator", "", None, None)
    ]
    assert passage_figures(indexed, "He later said that 350 had joined.") == [
        ("350", "driver", "", "Tomas Brandt, a union organiser", "person")
    ]


def test_a_figure_whose_noun_cannot_be_known_counts_nothing(indexed) -> None:
    # two kinds named before it (tugs, drivers): no guess
    assert passage_figures(indexed, "About 40 were idle.") == [("About 40", "", "", None, None)]
    # a singular thing before "totalled", "stood at": not what the figure counts
    wage = "The harbour's weekly wage bill totalled 6,000 before the strike."
    assert passage_figures(indexed, wage) == [("6,000", "", "", None, None)]
    members = "Union membership stood at 4,200 in the spring."
    assert passage_figures(indexed, members) == [("4,200", "", "", None, None)]
    # "reporters" were told: they are not the 400 ("he" is unclear too: see below)
    assert passage_figures(indexed, "He told reporters 400 were out.") == [
        ("400", "", "", None, None)
    ]


# ---- 2. "he" stands for the last speaker, only when that is clear -----------------------


def test_he_now_says_is_the_last_speaker(indexed) -> None:
    okafor = ("Okafor", "person")
    assert passage_figures(
        indexed, "Okafor said on Thursday that 14 ships were waiting to unload."
    ) == [("14 ships", "ship", "", *okafor)]  # "he" shows the lone surname is a person
    assert passage_figures(indexed, "He now says 20 ships.") == [("20 ships", "ship", "", *okafor)]
    assert passage_figures(indexed, "It now says 15 berths.") == [
        ("15 berths", "berth", "", "The harbour board", "unnamed")
    ]
    answer = indexed.json("claim", "Okafor now says 20 ships are waiting")
    assert answer["results"][0]["note"] == "Okafor says 20 ships"


def test_he_after_two_people_are_named_is_no_one(indexed) -> None:
    answer = indexed.json("claim", "He told reporters 400 were out")
    found = [r for r in answer["results"] if r["excerpt"] == "He told reporters 400 were out."]
    assert found and found[0]["said_by"] is None


# ---- 3. /who lists a passage once ------------------------------------------------------


def test_who_lists_a_said_passage_once(indexed) -> None:
    answer = indexed.json("who", "Ruth Street")
    said = [s["excerpt"] for s in answer["person"]["said"]]
    assert sorted(said) == [
        "Captain Ruth Street said 9 dockers were arrested at the gate.",
        "Street added that 3 were released later.",
    ]
    assert not {r["excerpt"] for r in answer["results"]} & set(said)
    brandt = indexed.json("who", "Tomas Brandt")
    excerpts = [s["excerpt"] for s in brandt["person"]["said"]]
    excerpts += [r["excerpt"] for r in brandt["results"]]
    assert len(excerpts) == len(set(excerpts))
    assert "Brandt met Ines Kovac at the depot." in excerpts  # a mention, not said


# ---- 4. a group label carries its verb ---------------------------------------------------


def test_homeless_are_displaced_not_killed(indexed) -> None:
    storm = "The gale left 3,000 homeless along the coast road, the county said."
    assert passage_figures(indexed, storm)[0][:3] == ("3,000 homeless", "homeless", "displaced")
    pay = "The closure left 200 workers without pay for the week."
    assert passage_figures(indexed, pay) == [("200 workers", "worker", "", None, None)]
    killed = indexed.json("figures", "killed")
    labels = [g["counts"] for g in killed["summary"]["groups"]]  # the group's label
    assert labels == ["people killed"]  # not "people were killed"
    texts = [r["text"] for r in killed["results"]]
    assert texts == ["At least 40 people were killed", "40 – 45 people were killed"]


# ---- 5. places and companies are no people; people with such surnames stay ---------------


@pytest.mark.parametrize(
    "name", ["Kellby Point", "Gorse Harbour", "Arlow Logistics", "Wren Freight"]
)
def test_places_and_companies_are_no_one(indexed, name: str) -> None:
    answer = indexed.json("who", name)
    assert answer["person"] is None, answer["person"]


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("Tom Hill", "Tom Hill said 8 ferries were cancelled."),
        ("Dana Ridge", "Dana Ridge, the harbour pilot, said 5 tugs were out of service."),
        ("Ruth Street", "Captain Ruth Street said 9 dockers were arrested at the gate."),
    ],
)
def test_people_whose_surnames_are_place_words_stay(indexed, name: str, said: str) -> None:
    answer = indexed.json("who", name)
    assert answer["person"]["name"] == name
    assert said in [s["excerpt"] for s in answer["person"]["said"]]


def test_a_company_speaks_as_an_organisation(indexed) -> None:
    lorries = "Wren Freight said 11 lorries were turned back at the depot."
    assert passage_figures(indexed, lorries) == [
        ("11 lorries", "lorry", "", "Wren Freight", "organisation")
    ]


# ---- the same in Slack ------------------------------------------------------------------


def test_slack_shows_the_labels_speakers_and_passages_once(indexed, wire, store: Store) -> None:
    shown = wire.answer_to(wire.command("/figures", "killed")).shown()
    assert "• people killed: 40 – 45 across 2 sources" in shown
    assert "people were killed:" not in shown
    shown = wire.answer_to(wire.command("/claim", "Okafor now says 20 ships are waiting")).shown()
    assert "Okafor says 20 ships" in shown
    shown = wire.answer_to(wire.command("/who", "Ruth Street")).shown()
    assert shown.count("Street added that 3 were released later.") == 1
    assert shown.count("9 dockers were arrested at the gate") == 1
    shown = wire.answer_to(wire.command("/who", "Wren Freight")).shown()
    assert "No one called" in shown
