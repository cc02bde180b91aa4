"""`python -m bot` as a user runs it: index the real corpus, ask, read the answers."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot import console
from store import Scope, Store
from tests.conftest import ROOT, Cli


def test_index_corpus_then_stats(cli: Cli, corpus: Path) -> None:
    code, out, err = cli("index", str(corpus))
    assert code == 0, err
    assert "5 added" in out and "0 skipped" in out
    stats = cli.json("stats")
    assert stats["documents"] == 5
    by_name = {Path(d["path"]).name[:3]: d for d in stats["latest"]}
    assert by_name["000"]["title"] == "North Korean Troops in Kursk: A New Conflict Phase?"
    assert by_name["000"]["published"] == "2024-11-08"
    assert by_name["004"]["author"] == "Sam Saad"
    assert by_name["004"]["published"] == "2024-11-10"
    code, out, _ = cli("stats")
    assert "5 documents" in out and "2024-11-08  North Korean Troops in Kursk" in out


def test_reindex_unchanged_then_changed_copy_replaces(cli: Cli, corpus: Path, tmp_path: Path):
    copy = tmp_path / "corpus"
    shutil.copytree(corpus, copy)
    cli("index", str(copy))
    before = cli.json("stats")
    summary = cli.json("index", str(copy))
    assert (summary["added"], summary["updated"], summary["unchanged"]) == (0, 0, 5)
    assert cli.json("stats") == before
    target = next(copy.glob("000_*"))
    target.write_text(target.read_text() + "\nA later paragraph adds 7,000 tanks.\n")
    summary = cli.json("index", str(copy))
    assert (summary["added"], summary["updated"], summary["unchanged"]) == (0, 1, 4)
    assert cli.json("stats")["documents"] == 5
    found = cli.json("figures", "tanks")["results"]
    assert [r["value"] for r in found] == [7000]


def test_claim_acceptance(cli: Cli, corpus: Path) -> None:
    cli("index", str(corpus))
    answer = cli.json("claim", "North Korea has sent 11,000 soldiers to Kursk", "--limit", "10")
    results = answer["results"]
    first = results[0]
    assert Path(first["document"]["path"]).name.startswith("004_")
    assert first["check"] == "supports"
    assert 0 <= first["score"] <= 100
    approx = [r for r in results if r["excerpt"].startswith("Approximately 10,000 soldiers")]
    assert approx and approx[0]["check"] == "differs"
    assert "10,000" in approx[0]["note"]
    at_least = [r for r in results if "at least 10,000" in r["excerpt"]]
    assert at_least and all(r["check"] != "differs" for r in at_least)
    assert set(first) >= {"excerpt", "context", "score", "document", "figures", "check"}
    assert set(first["document"]) >= {"title", "path", "source", "author", "published"}


def test_claim_about_something_else_finds_nothing(cli: Cli, corpus: Path) -> None:
    cli("index", str(corpus))
    answer = cli.json("claim", "Brazil's president Lula sent 5,000 police officers to Rio")
    assert answer["results"] == []
    _code, out, _ = cli("claim", "Brazil's president Lula sent 5,000 police officers to Rio")
    assert "Nothing in 5 documents matches" in out


def test_who_acceptance(cli: Cli, corpus: Path) -> None:
    cli("index", str(corpus))
    answer = cli.json("who", "Zelenskiy")
    person = answer["person"]
    assert person["mentions"] >= 4 and person["documents"] == 4
    assert len({a for a in person["aliases"] if "Zelensk" in a}) >= 2
    assert "President" in person["titles"]
    docs = [r["document"]["path"] for r in answer["results"]]
    assert len(set(docs[:4])) == 4, "one excerpt per document first"


def test_who_forgives_misspellings_and_suggests(cli: Cli, corpus: Path) -> None:
    cli("index", str(corpus))
    assert cli.json("who", "zelenski")["person"]["name"].endswith("Zelensky")
    assert cli.json("who", "Umerov")["person"]["titles"]
    unknown = cli.json("who", "Rute")
    assert unknown["person"]["name"] == "Mark Rutte"
    nobody = cli.json("who", "Angela Merkel")
    assert nobody["person"] is None
    listing = cli.json("who")
    assert listing["others"][0]["name"].endswith("Zelensky")


def test_who_merge_and_split_are_stored_and_reversible(cli: Cli, corpus: Path) -> None:
    cli("index", str(corpus))
    assert cli.json("who", "Rutte")["person"]["name"] == "Mark Rutte"
    code, out, _ = cli("who", "--split", "Mark Rutte", "Rutte")
    assert code == 0 and "edit 1" in out
    split = cli.json("who", "Mark Rutte")["person"]
    assert split["aliases"] == ["Mark Rutte"]
    apart = cli.json("who", "Rutte")
    assert "Rutte" in {apart["person"]["name"], *(p["name"] for p in apart["others"])}
    cli("who", "--undo", "1")
    assert "Rutte" in cli.json("who", "Mark Rutte")["person"]["aliases"]
    cli("who", "--merge", "Lloyd Austin", "Rustem Umerov")
    merged = cli.json("who", "Lloyd Austin")["person"]
    assert {"Lloyd Austin", "Rustem Umerov"} <= set(merged["aliases"])
    code, out, _ = cli("who", "--edits")
    assert "merge 'Lloyd Austin' 'Rustem Umerov'" in out


def test_figures_acceptance(cli: Cli, corpus: Path) -> None:
    cli("index", str(corpus))
    answer = cli.json("figures", "troops")
    found = {(r["value"], r["hedge"]) for r in answer["results"]}
    assert (10000, "at least") in found
    assert (11000, "about") in found
    assert (12000, "up to") in found
    assert any(r["low"] == 8000 and r["high"] == 12000 for r in answer["results"])
    assert any(r["value"] == 8000 for r in answer["results"])
    assert not {4, 28, 29, 2023, 2024} & {r["value"] for r in answer["results"]}
    spread = answer["summary"]["groups"][0]
    assert (spread["low"], spread["high"], spread["sources"]) == (8000, 12000, 3)
    casualties = cli.json("figures", "casualties")["results"]
    assert any(r["value"] == 500000 and r["hedge"] == "more than" for r in casualties)


def test_batch_json_lines_in_input_order(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    cli("index", str(corpus))
    batch = tmp_path / "queries.txt"
    batch.write_text("Zelensky\n\nRutte\nnobody at all\n")
    code, out, _ = cli("who", "--batch", str(batch), "--json")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [q["query"] for q in lines] == ["Zelensky", "Rutte", "nobody at all"]


@pytest.mark.parametrize("command", ["claim", "figures"])
def test_empty_query_prints_usage_not_a_traceback(cli: Cli, command: str) -> None:
    code, _out, err = cli(command, "   ")
    assert code == 2 and err.startswith("usage:") and "Traceback" not in err


def test_missing_path_is_named(cli: Cli, tmp_path: Path) -> None:
    code, _out, err = cli("index", str(tmp_path / "nope"))
    assert code == 1 and f"{tmp_path / 'nope'}: no such file or folder" in err


def test_bad_files_are_skipped_with_one_line_each(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    (tmp_path / "good.md").write_text("# Tanks at the border\n\nAt least 40 tanks were seen.\n")
    code, out, err = cli("index", str(tmp_path))
    assert code == 0 and "1 added" in out and "3 skipped" in out
    skipped = [line for line in err.splitlines() if line.startswith("skipped")]
    assert len(skipped) == 3 and all(": " in line for line in skipped)


def test_nothing_indexable_exits_non_zero(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    code, _, err = cli("index", str(tmp_path / "empty.txt"))
    assert code == 1 and "empty" in err


def test_unusable_database_url_gives_exit_2(capsys: pytest.CaptureFixture) -> None:
    from bot.cli import main

    assert main(["stats", "--db", "sqlite:////no/such/folder/x.db"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "does not exist" in err


def test_console_answers_piped_commands(tmp_path: Path) -> None:
    """`printf '/who zelenski\\n' | make run` without Slack credentials or a database
    setting, as a subprocess: the sample briefs, in the demo database."""
    env = {"PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        input="/who zelenski\nhelp\n/figures troops\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Zelensky" in done.stdout and "/claim TEXT" in done.stdout
    assert "troops" in done.stdout.lower()
    assert ROOT.joinpath("samples").is_dir()


def test_console_help_lists_exactly_what_the_console_takes(store: Store) -> None:
    shown = console.reply(store, Scope(), "help")
    names = re.findall(r"^  /?([a-z]+)", shown, re.MULTILINE)
    assert names == ["claim", "who", "figures", "who", "help", "quit"]
    assert "/who – the people in the sources, most mentioned first" in shown
    assert "/factdesk also sets the daily digest and watches" in shown  # in Slack, not here
    for name in names[:-1]:
        assert not console.reply(store, Scope(), name).startswith("Unknown command"), name
    assert console.reply(store, Scope(), "quit") is None


def test_who_sees_new_documents_and_edits_at_once(cli: Cli, tmp_path: Path) -> None:
    """The people cache must never serve a stale answer after an index or an edit."""
    first = tmp_path / "a.txt"
    first.write_text("Talks\n\nForeign Minister Anna Kowalczyk arrived in Vilnius on Monday.\n")
    cli("index", str(first))
    assert cli.json("who", "Kowalczyk")["person"]["name"] == "Anna Kowalczyk"
    assert cli.json("who", "Petrenko")["person"] is None
    second = tmp_path / "b.txt"
    second.write_text("More talks\n\nDefense Minister Oleh Petrenko met her on Tuesday.\n")
    cli("index", str(second))
    assert cli.json("who", "Petrenko")["person"]["name"] == "Oleh Petrenko"
    cli("who", "--merge", "Anna Kowalczyk", "Oleh Petrenko")
    merged = cli.json("who", "Kowalczyk")["person"]["aliases"]
    assert {"Anna Kowalczyk", "Oleh Petrenko"} <= set(merged)
    first.write_text("Talks\n\nThe talks were postponed.\n")
    cli("index", str(first))
    assert cli.json("who", "Kowalczyk")["person"] is None


def test_run_with_both_slack_tokens_serves_slack_and_console_stays_local(
    tmp_path: Path, db_url: str, fake_slack, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """The run decision (bot/cli.py): `run` with SLACK_BOT_TOKEN and SLACK_APP_TOKEN opens
    Socket Mode (here refused by Slack: one line, exit 2, standard input never read);
    `console` answers standard input with the same tokens set."""
    import io

    from bot.cli import main
    from tests.fake_slack import BOT_TOKEN, Reply

    monkeypatch.chdir(tmp_path)  # no .env of the checkout's
    for name, value in {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_APP_TOKEN": "xapp-1-fake-app-token",
        "SLACK_API_URL": fake_slack.url + "api/",
        "FACTDESK_MEMORY_INDEX": "off",
    }.items():
        monkeypatch.setenv(name, value)
    fake_slack.script("apps.connections.open", Reply(body={"ok": False, "error": "invalid_auth"}))
    monkeypatch.setattr("sys.stdin", io.StringIO("/who zelenski\n"))
    assert main(["run", "--db", db_url]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.strip().splitlines()[-1] == (
        "factdesk: Slack refused a Socket Mode connection with SLACK_APP_TOKEN: invalid_auth"
    )
    assert fake_slack.find("apps.connections.open")
    assert main(["console", "--db", db_url]) == 0  # the line `run` left unread
    out, err = capsys.readouterr()
    assert "archive is empty" in err and out == "No one called 'zelenski' in the sources.\n"
