"""/figures names a group by what its figures count; a figure whose sentence names no
counted thing ("At least 40 were killed") is read as a newsroom reads it: people, when
what happened befalls people ("people killed"), else the group is named by what happened
("damaged"), never "figures killed". Documents of our own, in four formats."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from handlers.figures import figures
from handlers.ingest import ingest_paths
from store import Scope, Store
from tests.conftest import Cli

WIRE = """\
Bus plunges into gorge

KESTREL PASS, 2 June 2026 (Upland Wire) - At least 40 were killed when a bus left the
mountain road, the police said. Nine were injured. The bus company pledged $50,000 to
the families, and the repairs to the road will cost up to €2,000,000.
"""

MEMO = """\
# Desk note: the gorge crash

Published 3 June 2026

Some 12 are still missing, the rescue service said.
"""

PAGE = """\
<html><body><article><h1>Storm batters the harbour towns</h1>
<p>Published 4 June 2026.</p>
<p>Eleven were damaged beyond repair, the port authority said of its cranes and
gantries, and the storm flooded the lower quays of three towns overnight.</p>
</article></body></html>
"""


def write_desk(folder: Path) -> Path:
    folder.mkdir()
    (folder / "bus.txt").write_text(WIRE)
    (folder / "note.md").write_text(MEMO)
    (folder / "storm.html").write_text(PAGE)
    notes = docx.Document()
    notes.add_heading("Interview notes: the gorge crash", 1)
    notes.add_paragraph("Published 5 June 2026")
    notes.add_paragraph("The driver's union said 38 were killed, a figure it later withdrew.")
    notes.save(str(folder / "notes.docx"))
    return folder


@pytest.fixture
def desk(store: Store, tmp_path: Path) -> Store:
    assert ingest_paths(store, [write_desk(tmp_path / "desk")], Scope()).skipped == 0
    return store


@pytest.mark.parametrize(
    ("topic", "line"),
    [
        ("killed", "people killed: 40 across 1 source"),
        ("missing", "people missing: 12 across 1 source"),
        ("injured", "people wounded: 9 across 1 source"),
        ("damaged", "damaged: 11 across 1 source"),
    ],
)
def test_a_group_with_no_counted_noun_reads_naturally(
    desk: Store, cli: Cli, topic: str, line: str
) -> None:
    answer = figures(desk, topic, Scope())
    assert [g.line for g in answer.summary.groups] == [line]
    code, out, _ = cli("figures", topic)
    assert code == 0 and f"* {line}" in out.splitlines()


def test_money_that_names_no_noun_is_an_amount(desk: Store, cli: Cli) -> None:
    answer = figures(desk, "families", Scope())
    lines = ["amounts: $50,000 across 1 source", "amounts: €2,000,000 across 1 source"]
    assert [g.line for g in answer.summary.also] == lines
    code, out, _ = cli("figures", "families")
    assert code == 0 and "Also in these passages:" in out and f"* {lines[0]}" in out


def test_the_withdrawn_figure_is_listed_under_the_same_label(desk: Store) -> None:
    answer = figures(desk, "killed", Scope())
    assert [(f.text, f.status) for f in answer.results] == [
        ("38", "withdrawn"),
        ("At least 40", ""),
    ]
