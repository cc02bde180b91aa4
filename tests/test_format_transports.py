"""One figure, one source line, every transport: the CLI and console, Slack's blocks, the
digest and the chart write them through handlers/format.py, the same words in each, marked
up each its own way (on tests/ferry_docs.py, an archive of our own)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot import console
from bot.render.chart import chart_figure
from bot.render.digest import sections
from bot.slack import blocks, kit
from handlers.digest import digest
from handlers.figures import figure_groups, figures
from handlers.ingest import ingest_paths
from store import Scope, Store
from tests.conftest import Cli
from tests.ferry_docs import write_ferry

MEMO = "Desk memo: the Marrow Point ferry"
WIRE = "Ferry capsizes off Marrow Point"


@pytest.fixture
def ferry(store: Store, tmp_path: Path) -> Store:
    assert ingest_paths(store, [write_ferry(tmp_path / "ferry")], Scope()).skipped == 0
    return store


def test_the_cli_and_the_console_write_each_figure_with_its_speaker_and_source(
    ferry: Store, cli: Cli
) -> None:
    code, out, _ = cli("figures", "killed")
    lines = out.splitlines()
    assert code == 0 and lines[0] == "Figures on 'killed':"
    assert (
        f"  - around 45 people were killed — Hana Oduya (Police chief) · {MEMO} (2026-05-13)"
        in lines
    )
    assert f"  - 38 people (withdrawn) — {WIRE} (2026-05-12)" in lines
    assert console.reply(ferry, Scope(), "/figures killed") == out.rstrip("\n")


def test_slack_writes_the_same_figure_line_marked_up(ferry: Store) -> None:
    answer = figures(ferry, "killed", Scope())
    message = blocks.render(answer, kit.Page("figures", "killed"), limit=20)
    shown = [b["text"]["text"] for b in message.blocks if b["type"] == "section"]
    assert (
        f"• *around 45 people were killed* — Hana Oduya (Police chief) · *{MEMO}* · 2026-05-13"
        in shown
    )
    assert f"• *38 people* _(withdrawn)_ — *{WIRE}* · 2026-05-12" in shown


def test_the_digest_states_each_value_with_the_same_credit(ferry: Store) -> None:
    now = dt.datetime.now(dt.UTC)
    found = digest(ferry, Scope(), now - dt.timedelta(hours=1), now + dt.timedelta(minutes=1))
    lines = [line for part in sections(found) for line in part]
    assert f"    about 45 — Hana Oduya (Police chief) · {MEMO} (2026-05-13)" in lines
    assert f"    38 (withdrawn) — {WIRE} (2026-05-12)" in lines
    assert f"• {WIRE} (2026-05-12)" in lines


def test_the_chart_notes_each_value_with_its_unit_and_status(ferry: Store) -> None:
    chart = chart_figure(
        figure_groups(ferry, "killed", Scope()) + figure_groups(ferry, "passengers", Scope())
    )
    notes = {text.get_text() for axes in chart.axes for text in axes.texts}
    rows = {label.get_text() for axes in chart.axes for label in axes.get_yticklabels()}
    assert {"38 (withdrawn); at least 40", "about 45", "about 30%", "120–150"} <= notes
    assert {f"{WIRE} (2026-05-12)", f"{MEMO} (2026-05-13)"} <= rows
