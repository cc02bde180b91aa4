"""Who said each figure, on documents nobody tuned the rules for (tests/trust_docs.py: a
quarry collapse, a bribery trial, an election count, a mill closure, a smoke incident, in
five formats): organisations and public bodies speak and are no one in /who; sources that
are no one in particular say so; a quoted figure keeps its hedge and counted noun; people
treated in hospital are the injured; a role comes from a relative clause or a possessive,
and a clause or a sentence that gives none gives none. What a user sees: `figures`,
`claim` and `who`, as text and `--json`, and the same in Slack."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.claim_figures import figures_of
from tests.trust_docs import write_all


@pytest.fixture
def indexed(cli, tmp_path: Path):
    cli.index_all(write_all(tmp_path / "trust"), 5)
    return cli


def passage_figures(cli, passage: str) -> list[tuple]:
    """(text, hedge, counts, speaker text, speaker kind) of each figure of the passage
    /claim finds for `passage`, as `claim --json` gives them."""
    return figures_of(cli, passage, ("hedge", "counts"))


def people(cli) -> dict[str, list[str]]:
    """Everyone /who lists, with their roles."""
    return {p["name"]: p["titles"] for p in cli.json("who")["others"]}


# ---- 1. organisations and public bodies ------------------------------------------------


@pytest.mark.parametrize(
    ("passage", "figure", "source", "kind"),
    [
        (
            "DUNMERE, 1 December 2026 (Moorland Wire) - Tarrow Aggregates, the company that "
            "runs the quarry, said 27 of its staff had been evacuated from the lower benches.",
            "27 of its staff",
            "Tarrow Aggregates",
            "organisation",
        ),
        (
            "Brenner Textiles, the town's oldest employer, said 640 jobs would go when the "
            "mill shuts.",
            "640 jobs",
            "Brenner Textiles",
            "organisation",
        ),
        (
            "Calloway Builders, the contractor accused of paying officials, said 6 of its "
            "managers had been questioned.",
            "6 of its managers",
            "Calloway Builders",
            "organisation",
        ),
        (
            "Ferrin Chemicals, the firm that owns the warehouse, said 18 staff were taken to "
            "hospital.",
            "18 staff",
            "Ferrin Chemicals",
            "organisation",
        ),
        (
            "The county said at least 9 people had died in the collapse.",
            "at least 9 people",
            "The county",
            "unnamed",
        ),
        (
            "The council said 41,230 ballots had been counted by midnight.",
            "41,230 ballots",
            "The council",
            "unnamed",
        ),
        (
            "The prosecutor's office said 14 witnesses would be called.",
            "14 witnesses",
            "The prosecutor's office",
            "unnamed",
        ),
    ],
)
def test_an_organisation_or_a_body_is_the_source(indexed, passage, figure, source, kind) -> None:
    (found,) = [f for f in passage_figures(indexed, passage) if f[0] == figure]
    assert found[3:] == (source, kind)


def test_an_organisation_is_never_a_person_in_who(indexed) -> None:
    listed = people(indexed)
    for organisation in ("Tarrow Aggregates", "Brenner Textiles", "Calloway Builders"):
        assert organisation not in listed
    assert "Ferrin Chemicals" not in listed and "Witnesses" not in listed
    code, out, _ = indexed("who", "Brenner Textiles")
    assert code == 0 and "No one called" in out


# ---- 2. sources that are no one in particular ------------------------------------------


@pytest.mark.parametrize(
    ("passage", "expected"),
    [
        (
            "Unconfirmed reports put the death toll nearer 15.",
            ("nearer 15", "about", "", "Unconfirmed reports", "unnamed"),
        ),
        (
            "Local media put the losses closer to 900 jobs.",
            ("closer to 900 jobs", "about", "job", "Local media", "unnamed"),
        ),
        (
            "Local media reported well over 200 people queued for the public gallery.",
            ("well over 200 people", "more than", "people", "Local media", "unnamed"),
        ),
        (
            "Witnesses said upwards of 40 lorries were trapped on the haul road.",
            ("upwards of 40 lorries", "more than", "lorry", "Witnesses", "unnamed"),
        ),
    ],
)
def test_unnamed_sources_say_so_and_hedges_are_kept(indexed, passage, expected) -> None:
    assert passage_figures(indexed, passage) == [expected]


def test_the_toll_from_unconfirmed_reports_is_disputed_and_says_who(indexed) -> None:
    for topic in ("deaths", "toll", "death toll"):
        code, out, _ = indexed("figures", topic)
        assert code == 0
        assert "  - nearer 15 (disputed) — Unconfirmed reports · " in out, topic
        assert "  - at least 9 people — the county · " in out, topic


@pytest.mark.parametrize(
    "passage",
    [
        "The county road to the quarry stayed closed for 3 days.",
        "Reports of flooding in the pit came in from 2 villages overnight.",
        "Reports of queues at 2 polling stations were not confirmed.",
        "The plant treated 2 million litres of waste water a day.",
    ],
)
def test_a_sentence_that_names_no_source_gives_none(indexed, passage) -> None:
    found = passage_figures(indexed, passage)
    assert found and all(f[3:] == (None, None) for f in found)


# ---- 3. quoted figures, and people treated in hospital ---------------------------------


@pytest.mark.parametrize(
    ("passage", "expected"),
    [
        (
            'The union said it had "well over 2,000" members at the plant.',
            ('"well over 2,000" members', "more than", "member", "The union", "unnamed"),
        ),
        (
            'Greenway Party organisers said "just shy of 9,000" votes had gone to their candidate.',
            ('"just shy of 9,000" votes', "nearly", "vote", "Greenway Party organisers", "unnamed"),
        ),
        (
            'The court said "nearly 90" hours of recordings had been played to the jury.',
            ('"nearly 90" hours', "nearly", "hour", "The court", "unnamed"),
        ),
    ],
)
def test_a_figure_in_quote_marks_keeps_its_hedge_and_noun(indexed, passage, expected) -> None:
    assert passage_figures(indexed, passage) == [expected]


def test_people_treated_or_taken_to_hospital_are_the_injured(indexed) -> None:
    for topic in ("injured", "treated", "hospitalised"):
        answer = indexed.json("figures", topic)
        found = {(r["text"], (r["said_by"] or {}).get("text")) for r in answer["results"]}
        assert found == {
            ("18 staff", "Ferrin Chemicals"),
            ("52 people", "The county health board"),
            ("23 patients", "Olu Adeyemi, who runs the county ambulance service"),
            ("7 residents", "The fire brigade"),
            ("31 people", "Ilse Marr, who heads the county ambulance service"),
        }, topic
        assert {r["measure"] for r in answer["results"]} == {"wounded"}


# ---- 4. roles from a relative clause or a possessive -----------------------------------


def test_who_gives_roles_from_relative_clauses_and_possessives(indexed) -> None:
    listed = people(indexed)
    assert listed["Hana Moretti"] == ["head of the regional employment office"]
    assert listed["Mirela Costa"] == ["chair of the Northfield electoral board"]
    assert listed["Ilse Marr"] == ["head of the county ambulance service"]
    assert listed["Karel Dvorak"] == ["Moretti's deputy"]
    assert listed["Carla Ruiz"] == ["Marsh's deputy"]
    assert listed["Jonas Berg"] == ["Costa's deputy"]
    assert listed["Tomas Brede"] == []  # "who arrived from the coast on Tuesday" is no role


def test_figures_name_the_speaker_with_that_role(indexed) -> None:
    code, out, _ = indexed("figures", "places")
    assert code == 0
    assert (
        "  - 300 retraining places — Hana Moretti (head of the regional employment office) · "
        in out
    )
    code, out, _ = indexed("figures", "apprentices")
    assert "  - 45 apprentices — Karel Dvorak (Moretti's deputy) · " in out
    code, out, _ = indexed("figures", "volunteers")
    assert "  - 60 volunteers — Tomas Brede · " in out  # the speaker, with no role


def test_claim_names_the_speaker_with_their_role(indexed) -> None:
    code, out, _ = indexed("claim", "Mirela Costa said 112 ballots were spoiled in Northfield")
    assert code == 0
    assert "said by: Mirela Costa (chair of the Northfield electoral board)" in out


# ---- the same in Slack ------------------------------------------------------------------


def test_slack_shows_the_sources_and_roles(indexed, wire) -> None:
    shown = wire.answer_to(wire.command("/figures", "injured")).shown()
    assert "Olu Adeyemi (head of the county ambulance service)" in shown
    assert "Ferrin Chemicals" in shown
    assert "guests" not in shown
    shown = wire.answer_to(wire.command("/figures", "deaths")).shown()
    assert "Unconfirmed reports" in shown and "the county" in shown
    shown = wire.answer_to(wire.command("/who", "Karel Dvorak")).shown()
    assert "Moretti's deputy" in shown
    shown = wire.answer_to(wire.command("/who", "Tarrow Aggregates")).shown()
    assert "No one called" in shown
