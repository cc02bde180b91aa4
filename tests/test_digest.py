"""The digest handler, the claim log, the chart and the digest/chart CLI."""

from __future__ import annotations

import datetime as dt
import json

from bot import commands
from bot.render.chart import figures_chart
from handlers.digest import digest
from store import Scope, Store
from tests.slack_wire import DESK_BRIEF, index

PNG = b"\x89PNG\r\n\x1a\n"


def window() -> tuple[dt.datetime, dt.datetime]:
    now = dt.datetime.now(dt.UTC)
    return now - dt.timedelta(days=1), now + dt.timedelta(seconds=5)


def test_digest_over_the_corpus_names_the_troop_count_disagreement(corpus_store: Store) -> None:
    found = digest(corpus_store, Scope(), *window())
    lines = [g.spread.line for g in found.disagreements]
    assert any("8,000 – 12,000" in line and "troops" in line for line in lines), lines
    troops = next(g for g in found.disagreements if "8,000 – 12,000" in g.spread.line)
    assert {v.hedge for v in troops.values} >= {"about", "up to"}
    assert all(v.document.title for v in troops.values)
    assert len(found.documents) == 5 and not found.quiet
    assert "1 figure in dispute" in found.summary or "figures in dispute" in found.summary
    assert found.new_people and found.most_mentioned[0].mentions >= 2


def test_a_document_indexed_before_the_window_is_not_new(store: Store) -> None:
    index(store, "brief.txt", DESK_BRIEF)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5)
    found = digest(store, Scope(), later, later + dt.timedelta(hours=1))
    assert found.quiet and found.documents == () and found.new_people == ()
    assert found.summary.startswith("Quiet day")


def test_claims_that_found_nothing_or_differ_are_in_the_next_digest(store: Store) -> None:
    index(store, "brief.txt", DESK_BRIEF)
    commands.answer(store, "claim", "Martians have landed in Lisbon harbour", Scope())
    commands.answer(store, "claim", "North Korea has sent 11,000 soldiers to Kursk", Scope())
    claims = {c.query: c for c in digest(store, Scope(), *window()).claims}
    assert claims["Martians have landed in Lisbon harbour"].result == "nothing"
    assert claims["North Korea has sent 11,000 soldiers to Kursk"].result == "differs"
    assert "10,000" in claims["North Korea has sent 11,000 soldiers to Kursk"].summary


def test_a_private_document_stays_out_of_other_channels_digests(store: Store) -> None:
    index(store, "brief.txt", DESK_BRIEF, channel="G0SECRET")
    assert digest(store, Scope("local", "C0PUBLIC"), *window()).quiet
    assert not digest(store, Scope("local", "G0SECRET"), *window()).quiet


def test_the_chart_is_a_png_even_with_nothing_to_draw(corpus_store: Store) -> None:
    found = digest(corpus_store, Scope(), *window())
    assert figures_chart(found.disagreements).startswith(PNG)
    assert figures_chart([]).startswith(PNG)


def test_cli_digest_json_and_figures_chart(cli, corpus, tmp_path) -> None:
    assert cli("index", str(corpus))[0] == 0
    code, out, err = cli("digest", "--since", "2h", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert any("8,000 – 12,000" in g["spread"]["line"] for g in data["disagreements"])
    code, out, _ = cli("digest")
    assert "Figures that disagree" in out and "8,000 – 12,000" in out
    chart = tmp_path / "troops.png"
    code, out, err = cli("figures", "troops", "--chart", str(chart))
    assert code == 0, err
    assert chart.read_bytes().startswith(PNG)
