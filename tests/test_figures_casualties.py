"""/figures casualties: a newsroom asking for casualties means the dead and the wounded
too. Their figures are answered beside the casualty counts, each in its own group, never
summed; a firm's financial losses and laid-off workers stay out. Documents of our own, in
three formats, on two subjects."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from tests.conftest import Cli

WIRE = """\
Tram derails in Orlova old town

ORLOVA, 9 March 2026 (Lakeside Wire) - Seven people were killed and 23 injured when a
tram left the rails on a bend near the cathedral, the city's transport office said.
"""

PAGE = """\
<html><body><article><h1>Orlova tram: the day after</h1>
<p>Published 10 March 2026.</p>
<p>The regional hospital said casualties from the crash numbered 31, most of them
passengers on the front car.</p>
<p>The tram operator said its losses from the closure had reached $2 million, and that 40
workers would be laid off until the line reopens.</p>
</article></body></html>
"""


def write_desk(folder: Path) -> Path:
    folder.mkdir()
    (folder / "tram.txt").write_text(WIRE)
    (folder / "after.html").write_text(PAGE)
    notes = docx.Document()
    notes.add_heading("Call notes: the Orlova tram", 1)
    notes.add_paragraph("Published 11 March 2026")
    notes.add_paragraph("A nurse on the ward said nine were killed, not seven.")
    notes.save(str(folder / "notes.docx"))
    return folder


@pytest.fixture
def desk(cli: Cli, tmp_path: Path) -> Cli:
    code, _, err = cli("index", str(write_desk(tmp_path / "desk")))
    assert code == 0, err
    return cli


def _groups(cli: Cli, topic: str) -> dict[str, tuple[float, float]]:
    answer = cli.json("figures", topic)
    return {g["measure"]: (g["low"], g["high"]) for g in answer["summary"]["groups"]}


def test_casualties_answer_the_dead_and_the_wounded_in_their_own_groups(desk: Cli) -> None:
    groups = _groups(desk, "casualties")
    assert groups["killed"] == (7, 9)
    assert groups["wounded"] == (23, 23)
    assert groups["casualties"] == (31, 31)
    _, out, _ = desk("figures", "casualties")
    assert "people killed: 7 – 9 across 2 sources" in out


def test_casualties_leave_out_money_and_jobs(desk: Cli) -> None:
    answer = desk.json("figures", "casualties")
    values = {r["value"] for r in answer["results"]}
    assert not values & {2_000_000, 40}


def test_narrower_topics_stay_narrow(desk: Cli) -> None:
    """Asking for the dead is not asking for the wounded."""
    assert set(_groups(desk, "killed")) == {"killed"}
    assert set(_groups(desk, "injured")) == {"wounded"}
