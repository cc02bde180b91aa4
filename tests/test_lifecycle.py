"""Documents come and go: forget (everything derived from them), index --prune (files
that are gone), retract (still searchable, every quote says so)."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pytest
from docx import Document
from sqlalchemy import func, select

from bot.render import digest as digest_render
from bot.render.text import render
from handlers import claim, digest, figures, watch, who
from store import Scope, Store
from store.schema import documents, mentions, passages, retractions, watch_hits
from store.schema import figures as figure_rows
from tests.conftest import Cli
from tests.test_cli_conventions import factdesk

# Our own documents, in three formats: a wire story, a council memo, a DOCX statement.
WIRE = (
    "Ferry strike strands islanders\nBy Tove Marchetti\n\n"
    "Harbour pilot Anselm Grünewald said at least 2,300 passengers were stranded on Tuesday.\n"
    "The ferry operator said the strike would end once talks resume.\n"
)
MEMO = (
    "# Council memo: ferry timetable\n\n"
    "Councillor Brigid Ó Faoláin told the committee that 14 ferries would sail on Thursday.\n\n"
    "The memo says the winter timetable starts in December.\n"
)
STATEMENT = [
    "Operator statement on the ferry strike",
    "Spokesperson Wendeline Achterberg said about 1,900 passengers had been rebooked.",
]


def write_docs(folder: Path, desk: str = "") -> dict[str, Path]:
    """The three documents; `desk` adds a line of its own to each (no two copies alike)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "wire.txt").write_text(WIRE + desk)
    (folder / "memo.md").write_text(MEMO + desk)
    doc = Document()
    for line in [*STATEMENT, desk]:
        doc.add_paragraph(line)
    doc.save(folder / "statement.docx")
    return {p.stem: p for p in folder.iterdir()}


def counts(store: Store, document_id: int) -> dict[str, int]:
    """Rows still derived from one document."""
    tables = {"passages": passages, "figures": figure_rows, "mentions": mentions}
    tables["watch_hits"] = watch_hits
    with store.engine.connect() as conn:
        found = {
            name: conn.execute(
                select(func.count()).select_from(t).where(t.c.document_id == document_id)
            ).scalar()
            for name, t in tables.items()
        }
        found["documents"] = conn.execute(
            select(func.count()).select_from(documents).where(documents.c.id == document_id)
        ).scalar()
    return found


def doc_id(cli: Cli, path: Path) -> int:
    latest = cli.json("stats")["latest"]
    return next(d["id"] for d in latest if d["path"] == str(path.resolve()))


# ---- forget -----------------------------------------------------------------------------


def test_forget_removes_everything_derived_from_the_document(cli: Cli, store, tmp_path) -> None:
    files = write_docs(tmp_path / "desk")
    assert cli("index", str(tmp_path / "desk"))[0] == 0
    wire_id = doc_id(cli, files["wire"])
    watch.add(store, Scope("local", "C0DESK"), "who", "Grünewald")
    assert watch.new_documents(store, "local", [wire_id])  # a hit recorded for the wire
    before = counts(store, wire_id)
    assert before["passages"] and before["figures"] and before["mentions"]
    assert before["watch_hits"] == 1
    assert cli.json("who", "Grünewald")["person"]["name"] == "Anselm Grünewald"

    code, out, err = cli("forget", str(files["wire"]))
    assert code == 0, err
    assert out.startswith(f"forgot {wire_id} 'Ferry strike strands islanders'")
    assert set(counts(store, wire_id).values()) == {0}
    found = cli.json("claim", "2,300 passengers stranded by the ferry strike")["results"]
    assert found and str(files["wire"].resolve()) not in {r["document"]["path"] for r in found}
    assert cli.json("figures", "passengers")["results"][0]["value"] == 1900
    assert cli.json("who", "Grünewald")["person"] is None  # the people cache saw it
    assert cli.json("stats")["documents"] == 2
    assert cli.json("who", "Achterberg")["person"]["name"] == "Wendeline Achterberg"


def test_forget_by_id_by_folder_and_unknown_ones_named(tmp_path: Path) -> None:
    files = write_docs(tmp_path / "desk")
    assert factdesk("index", "desk", cwd=tmp_path).returncode == 0
    stats = json.loads(factdesk("stats", "--json", cwd=tmp_path).stdout)
    memo_id = next(d["id"] for d in stats["latest"] if d["path"].endswith("memo.md"))
    done = factdesk("forget", str(memo_id), "desk/gone.txt", "999", "--json", cwd=tmp_path)
    assert done.returncode == 1
    assert json.loads(done.stdout)["forgotten"][0]["path"] == str(files["memo"].resolve())
    assert done.stderr.splitlines() == [
        "factdesk: not in the archive: desk/gone.txt",
        "factdesk: not in the archive: 999",
    ]
    done = factdesk("forget", "desk", cwd=tmp_path)  # a folder: everything below it
    assert done.returncode == 0 and done.stdout.count("forgot ") == 2
    assert json.loads(factdesk("stats", "--json", cwd=tmp_path).stdout)["documents"] == 0
    again = factdesk("forget", "desk", cwd=tmp_path)
    assert again.returncode == 1 and "not in the archive: desk" in again.stderr


def test_the_memory_index_masks_a_forgotten_document_at_once(store: Store, tmp_path) -> None:
    from handlers.ingest import ingest_paths

    files = write_docs(tmp_path / "desk")
    ingest_paths(store, [tmp_path / "desk"], Scope())
    store.start_memory_index(wait=True)
    question = "2,300 passengers stranded by the ferry strike"
    wire = str(files["wire"].resolve())
    assert claim.claim(store, question, Scope()).results[0].document.path == wire
    (doc,) = store.documents.find("local", None, wire)
    store.documents.forget(doc)
    snapshot = store.memory.snapshot
    assert not any(s.alive[s.documents == doc.id].any() for s in snapshot.segments)
    assert wire not in {r.document.path for r in claim.claim(store, question, Scope()).results}
    assert not {pid for pid, _ in snapshot.match_any(["2,300"], Scope(), 10, False)}
    assert store.document_count(Scope()) == 2


def test_another_process_memory_index_sees_a_forget_within_its_refresh(db_url, tmp_path):
    from handlers.ingest import ingest_paths
    from store.search.memory import MemoryIndex

    files = write_docs(tmp_path / "desk")
    writer, server = Store(db_url), Store(db_url)
    try:
        ingest_paths(writer, [tmp_path / "desk"], Scope())
        server.memory = MemoryIndex(server.engine, refresh_seconds=0.05)
        server.memory.start()
        server.memory.wait_ready()
        (doc,) = writer.documents.find("local", None, str(files["memo"].resolve()))
        writer.documents.forget(doc)  # no new passages arrive after it
        deadline = time.monotonic() + 10
        while server.document_count(Scope()) != 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.document_count(Scope()) == 2
    finally:
        writer.close()
        server.close()


# ---- index --prune ----------------------------------------------------------------------


def test_prune_forgets_documents_whose_files_are_gone(cli: Cli, tmp_path: Path) -> None:
    files = write_docs(tmp_path / "desk")
    other = write_docs(tmp_path / "elsewhere", "Filed from the night desk.")
    cli("index", str(tmp_path / "desk"), str(tmp_path / "elsewhere"))
    files["wire"].unlink()
    other["wire"].unlink()
    question = "2,300 passengers stranded by the ferry strike"
    cli("index", str(tmp_path / "desk"))
    paths = {r["document"]["path"] for r in cli.json("claim", question)["results"]}
    assert str(files["wire"].resolve()) in paths, "without --prune the deleted file answers"
    code, out, err = cli("index", "--prune", str(tmp_path / "desk"))
    assert code == 0, err
    assert f"forgot {files['wire'].resolve()}: the file is gone" in err
    assert "1 forgotten" in out
    paths = {r["document"]["path"] for r in cli.json("claim", question)["results"]}
    assert str(files["wire"].resolve()) not in paths
    assert str(other["wire"].resolve()) in paths  # a folder not named is not pruned
    summary = cli.json("index", "--prune", str(tmp_path / "elsewhere"))
    assert summary["pruned"] == [str(other["wire"].resolve())]


# ---- retract ----------------------------------------------------------------------------


def test_a_retracted_document_stays_searchable_and_every_quote_says_so(cli: Cli, store, tmp_path):
    files = write_docs(tmp_path / "desk")
    cli("index", str(tmp_path / "desk"))
    assert "retracted" not in cli("who", "Achterberg")[1]  # cached before the retraction
    before = who.who(store, "Achterberg", Scope(), 5)  # and in this process's cache too
    quoted = [*before.person.said, *before.results]  # a passage is listed once: said or mention
    assert quoted and all(q.document.retracted is None for q in quoted)
    note = "the operator corrected the figure on 3 December"
    code, out, err = cli("retract", str(files["statement"]), "--note", note)
    assert code == 0 and out.startswith("retracted ") and note in out, err

    answer = cli.json("claim", "1,900 passengers were rebooked")
    top = answer["results"][0]["document"]
    assert top["path"].endswith("statement.docx") and top["retracted"] == note
    assert all(  # meaning may bring the retracted headline too: only it says so
        r["document"]["retracted"]
        == (note if r["document"]["path"].endswith("statement.docx") else None)
        for r in cli.json("claim", "14 ferries")["results"]
    )
    assert f"retracted: {note}" in cli("claim", "1,900 passengers were rebooked")[1]
    assert f"retracted: {note}" in cli("figures", "passengers")[1]
    assert f"retracted: {note}" in cli("who", "Achterberg")[1]
    after = who.who(store, "Achterberg", Scope(), 5)
    quoted = [*after.person.said, *after.results]
    assert quoted and all(q.document.retracted == note for q in quoted)
    assert f"retracted: {note}" in cli("stats")[1]

    now = dt.datetime.now(dt.UTC)
    found = digest.digest(store, Scope(), now - dt.timedelta(hours=1), now)
    assert f"retracted: {note}" in digest_render.text(found)
    alerts = watch.new_documents(store, "local", [doc_id(cli, files["statement"])])
    assert not alerts  # no watch yet; one added now alerts with the mark
    watch.add(store, Scope("local", "C0DESK"), "who", "Achterberg")
    alert = watch.new_documents(store, "local", [doc_id(cli, files["statement"])])[0]
    assert f"retracted: {note}" in digest_render.watch_alert(alert).text

    assert cli("retract", str(files["statement"]), "--undo")[0] == 0
    assert (
        cli.json("claim", "1,900 passengers were rebooked")["results"][0]["document"]["retracted"]
        is None
    )


def test_a_retraction_survives_reindexing_and_goes_with_a_forget(cli: Cli, store, tmp_path):
    files = write_docs(tmp_path / "desk")
    cli("index", str(tmp_path / "desk"))
    cli("retract", str(files["memo"]), "--note", "superseded by the January memo")
    files["memo"].write_text(MEMO + "\nA late addition: 15 ferries on Friday.\n")
    assert cli.json("index", str(tmp_path / "desk"))["updated"] == 1
    shown = cli.json("figures", "ferries")["results"]
    assert shown and all(
        r["document"]["retracted"] == "superseded by the January memo" for r in shown
    )
    cli("forget", str(files["memo"]))
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(retractions)).scalar() == 0


def test_retract_needs_a_note_or_undo_and_names_unknown_documents(tmp_path: Path) -> None:
    write_docs(tmp_path / "desk")
    assert factdesk("index", "desk", cwd=tmp_path).returncode == 0
    done = factdesk("retract", "desk/wire.txt", cwd=tmp_path)
    assert done.returncode == 2 and 'retract takes --note "why"' in done.stderr
    done = factdesk("retract", "desk/none.txt", "--note", "x", cwd=tmp_path)
    assert done.returncode == 1 and "not in the archive: desk/none.txt" in done.stderr


def test_retraction_marks_reach_the_handlers_answers(store: Store, tmp_path: Path) -> None:
    from handlers.ingest import ingest_paths

    files = write_docs(tmp_path / "desk")
    ingest_paths(store, [tmp_path / "desk"], Scope())
    (doc,) = store.documents.find("local", None, str(files["wire"].resolve()))
    store.documents.retract(doc, "wrong date")
    person = who.who(store, "Grünewald", Scope(), 5)
    quoted = [*person.person.said, *person.results]  # a passage is listed once: said or mention
    assert quoted and all(q.document.retracted == "wrong date" for q in quoted)
    found = figures.figures(store, "passengers", Scope(), 5)
    assert any(r.document.retracted == "wrong date" for r in found.results)
    assert "[retracted: wrong date]" in render(found)


@pytest.fixture(autouse=True)
def _quiet_slack(monkeypatch: pytest.MonkeyPatch) -> None:
    """`index` posts watch alerts when a bot token is set: not from these tests."""
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
