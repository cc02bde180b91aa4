"""Issue 14, acceptance: figures (measure, status, hedges, vague amounts, shares) and the
graded check on fresh documents nobody tuned for (tests/fresh_docs.py), through a real
database and the same handlers the CLI and Slack call."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from handlers.claim import claim
from handlers.ingest import ingest_paths
from store import Scope, Store
from tests.fresh_docs import CLAIMS, write_all


@pytest.fixture
def desk(store: Store, tmp_path: Path) -> Store:
    summary = ingest_paths(store, [write_all(tmp_path / "fresh")["flood"].parent], Scope())
    assert summary.skipped == 0
    return store


def checked(store: Store, text: str, where: str):
    answer = claim(store, text, Scope(), limit=10)
    found = [m for m in answer.results if where in m.excerpt]
    assert found, f"{where!r} not among {[m.excerpt for m in answer.results]}"
    return found[0]


def what_is_said(note: str) -> str:
    """The note with its speaker (issue 15's attribution) put back to "source says"."""
    return re.sub(r"^.*? says? ", "source says ", note, count=1)


def test_every_claim_gets_its_verdict(desk: Store) -> None:
    """One test over all the claims so a failure lists every wrong verdict at once."""
    wrong = []
    for text, where, verdict, note in CLAIMS:
        match = checked(desk, text, where)
        if (match.check, what_is_said(match.note)) != (verdict, note):
            wrong.append((text, verdict, note, match.check, match.note))
    assert wrong == []


def figure_facts(store: Store, passage: str) -> list[tuple]:
    match = checked(store, passage, passage)
    return [
        (f.text, f.hedge, f.value, f.unit, f.counts, f.measure, f.status) for f in match.figures
    ]


@pytest.mark.parametrize(
    ("passage", "expected"),
    [
        (
            "His office later withdrew the figure",
            [],
        ),
        (
            "The regional governor said 60 people had died in the flood.",
            [("60 people", "exact", 60, "", "people", "killed", "withdrawn")],
        ),
        (
            "Nearly 12,000 residents were evacuated from the lower town",
            [
                ("Nearly 12,000 residents", "nearly", 12_000, "", "resident", "evacuated", ""),
                ("thousands of homes", "vague", None, "", "home", "", ""),
            ],
        ),
        (
            "A rebel spokesman said 5,000 soldiers died at the barracks",
            [("5,000 soldiers", "exact", 5_000, "", "soldier", "killed", "disputed")],
        ),
        (
            "Nearly half of the buildings in the old town were damaged",
            [("Nearly half of the buildings", "nearly", 50, "%", "building", "", "")],
        ),
        (
            "One in five hospitals cancelled planned operations",
            [
                ("One in five hospitals", "exact", 20, "%", "hospital", "", ""),
                ("dozens of clinics", "vague", None, "", "clinic", "", ""),
            ],
        ),
        (
            "Health ministry: 1,204 deaths; 3,400 injured.",
            [
                ("1,204 deaths", "exact", 1_204, "", "death", "killed", ""),
                ("3,400 injured", "exact", 3_400, "", "injured", "wounded", ""),
            ],
        ),
        (
            "The health board said no more than 30 doctors had joined the strike.",
            [("no more than 30 doctors", "up to", 30, "", "doctor", "striking", "")],
        ),
        (
            "Scores of polling stations opened late",
            [("Scores of polling stations", "vague", None, "", "station", "", "")],
        ),
    ],
)
def test_figures_as_written(desk: Store, passage: str, expected: list[tuple]) -> None:
    assert figure_facts(desk, passage) == expected


def test_vague_amounts_carry_no_made_up_number(desk: Store) -> None:
    match = checked(desk, "thousands of homes were left under water", "thousands of homes")
    (vague,) = [f for f in match.figures if f.hedge == "vague"]
    assert (vague.value, vague.low, vague.high) == (None, 2_000, 9_000)
    assert '"value": null' in json.dumps({"value": vague.value})


def test_a_claim_on_another_measure_is_not_compared(desk: Store) -> None:
    """Displaced, missing and residents are people too, but not deaths."""
    answer = claim(desk, "At least 1,500 people died in the Karst Valley earthquake", Scope())
    for match in answer.results:
        if "displaced" in match.excerpt or "remain missing" in match.excerpt:
            assert match.check == "related"
        if "live in the affected" in match.excerpt:
            assert match.check == "related"


# ---- what people see: Slack over the wire, the console, the JSON contract --------------


def test_slack_figures_first_page_shows_every_group_and_their_figures(wire, desk: Store) -> None:
    shown = wire.answer_to(wire.command("/figures", "deaths")).shown()
    assert "• deaths: 41 – 1,350 across 2 sources" in shown  # 60 (withdrawn) does not stretch it
    # "put the number of soldiers killed ... at 200": soldiers, written before the figure
    assert "• soldiers killed: 200 – 5,000 across 2 sources" in shown
    for figure in ("*1,204 deaths*", "*1,350 deaths*", "*At least 41 people were killed*"):
        assert figure in shown
    assert "*60 people* _(withdrawn)_" in shown
    assert "*5,000 soldiers* _(disputed)_" in shown
    assert "_Also in these passages:_" in shown
    also = shown.split("_Also in these passages:_")[1].split("\n•  *")[0]
    assert "injured: 3,400 – 4,100" in also  # the wounded are not deaths
    assert "remain missing" not in shown.split("_Also")[0]


def test_slack_claim_says_a_bound_does_not_confirm(wire, desk: Store) -> None:
    shown = wire.answer_to(
        wire.command("/claim", "50,000 soldiers were sent to the northern border")
    ).shown()
    assert ":white_circle: *consistent*" in shown
    assert "At least 10,000 soldiers — does not confirm 50,000 soldiers" in shown


def test_console_figures_and_dates(cli, tmp_path: Path) -> None:
    folder = write_all(tmp_path / "docs")["flood"].parent
    assert cli("index", str(folder))[0] == 0
    code, out, _ = cli("figures", "missing")
    assert code == 0
    assert "* people missing: 300 – 600 across 2 sources" in out
    assert "  - Up to 300 people — " in out
    assert "displaced" not in out and "deaths" not in out
    code, out, _ = cli("figures", "ferry crossings")
    assert "Harbour ferry service resumes (no date)" in out


def test_json_contract_has_measure_status_and_consistent(cli, tmp_path: Path) -> None:
    folder = write_all(tmp_path / "docs")["flood"].parent
    assert cli("index", str(folder))[0] == 0
    answer = cli.json("figures", "death toll")
    assert answer["summary"]["groups"][0]["measure"] == "killed"
    assert {"measure", "status"} <= set(answer["results"][0])
    statuses = {r["text"]: r["status"] for r in answer["results"]}
    assert statuses["60 people"] == "withdrawn"
    assert "also" in answer and "also" in answer["summary"]
    checked = cli.json("claim", "5,000 nurses walked out in the hospital strike")
    assert checked["results"][0]["check"] == "consistent"
    vague = cli.json("figures", "homes")["results"][0]
    assert (vague["value"], vague["hedge"], vague["low"], vague["high"]) == (
        None,
        "vague",
        2000,
        9000,
    )
