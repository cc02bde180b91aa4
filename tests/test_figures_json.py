"""The `--json` shapes of figures are a contract for scripts: these tests pin their keys on a
small archive of our own (tests/ferry_docs.py), so a refactor of the types behind them
(FiguresSummary, the figure types) cannot rename, drop or nest a field."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.ferry_docs import write_ferry

ANSWER_KEYS = ["query", "results", "summary", "message", "also"]
SUMMARY_KEYS = ["groups", "figures", "also"]
GROUP_KEYS = {"counts", "low", "high", "sources", "figures", "line", "extremes", "measure"}
GROUP_KEYS |= {"by_meaning"}
FIGURE_KEYS = {"value", "low", "high", "hedge", "counts", "unit", "text", "said_by"}
FIGURE_KEYS |= {"measure", "status"}
MATCH_KEYS = FIGURE_KEYS | {"excerpt", "document"}
DOCUMENT_KEYS = {"title", "path", "source", "author", "published", "url", "kind", "retracted"}
SAID_BY_KEYS = {"text", "person", "kind"}


@pytest.fixture
def ferry(cli: Cli, tmp_path: Path) -> Cli:
    code, _, err = cli("index", str(write_ferry(tmp_path / "ferry")))
    assert code == 0, err
    return cli


def test_figures_json_keys(ferry: Cli) -> None:
    answer = ferry.json("figures", "passengers")
    assert list(answer) == ANSWER_KEYS
    assert list(answer["summary"]) == SUMMARY_KEYS
    assert answer["summary"]["figures"] == len(answer["results"]) == 4
    for group in answer["summary"]["groups"] + answer["summary"]["also"]:
        assert set(group) == GROUP_KEYS
    for figure in answer["results"] + answer["also"]:
        assert set(figure) == MATCH_KEYS
        assert set(figure["document"]) == DOCUMENT_KEYS
        assert figure["said_by"] is None or set(figure["said_by"]) == SAID_BY_KEYS
    assert {f["said_by"]["text"] for f in answer["results"] if f["said_by"]} == {"the operator"}


def test_figures_json_values(ferry: Cli) -> None:
    """What the keys hold: the spread of each group, the figures lowest first."""
    answer = ferry.json("figures", "passengers")
    spread = answer["summary"]["groups"][0]
    assert (spread["counts"], spread["low"], spread["high"], spread["sources"]) == (
        "passengers",
        75,
        150,
        2,
    )
    assert spread["line"] == "passengers: 75 – 150 across 2 sources"
    ranged = next(f for f in answer["results"] if f["hedge"] == "range")
    assert (ranged["value"], ranged["low"], ranged["high"]) == (135, 120, 150)
    share = next(f for f in answer["results"] if f["unit"] == "%")
    assert (share["value"], share["hedge"], share["text"]) == (
        30,
        "about",
        "About 30% of the passengers",
    )


def test_figures_json_when_nothing_is_found(ferry: Cli) -> None:
    answer = ferry.json("figures", "tractors")
    assert list(answer) == ANSWER_KEYS
    assert answer["summary"] == {"groups": [], "figures": 0, "also": []}
    assert answer["message"] == "No figures on 'tractors' in 3 documents."


def test_claim_json_figure_keys(ferry: Cli) -> None:
    answer = ferry.json("claim", "At least 40 were killed when the ferry capsized")
    assert set(answer["claim_figures"][0]) == FIGURE_KEYS
    assert answer["claim_figures"][0]["said_by"] is None
    found = [f for r in answer["results"] for f in r["figures"]]
    assert found and all(set(f) == FIGURE_KEYS for f in found)
