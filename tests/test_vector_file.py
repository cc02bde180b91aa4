"""The saved vector index: written by the process that builds it, opened memory-mapped by
every other (a server's workers, a one-shot command), topped up with what was stored since,
fenced by scope exactly as the in-memory one, and never trusted when it is bad."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from handlers.meaning import embed_missing
from handlers.model_files import MODEL
from store import Scope, Store
from store.search import vector_index as vector_index_module
from store.search.vector_index import VectorIndex
from store.search.vector_parts import build_threads, faiss_module
from tests.conftest import ROOT
from tests.slack_wire import index

HARBOUR = (
    "Gulls nested on the ferry terminal roof at Saltmere this spring.\n"
    "The harbour master at Saltmere said the breakwater needs new granite blocks.\n"
    "Saltmere's lifeboat crew rescued two kayakers off the point on Sunday.\n"
)
SECRET = (
    "# Draft, not for print\n\n"
    "The Saltmere council will sell the old lighthouse to a hotel chain in March.\n\n"
    "Two councillors oppose the sale and may resign over it.\n"
)
ORCHARD = "Apple growers near Brackley lost half their blossom to a late frost.\n"
QUESTION = "Who will buy the lighthouse at Saltmere?"


@pytest.fixture
def archive(store: Store, embedder) -> Store:
    index(store, "harbour.txt", HARBOUR)
    index(store, "secret.md", SECRET, channel="C_PRIVATE")
    embed_missing(store, embedder)
    return store


def texts(store: Store, found: list[tuple[int, float]]) -> set[str]:
    return {row.text for row in store.passages.rows([pid for pid, _ in found])}


def mapped(path: Path) -> bool:
    """Whether this process maps the file (so other processes share its pages)."""
    return str(path) in Path("/proc/self/maps").read_text()


def saved_folder(store: Store) -> Path:
    files = store.vector_files(MODEL)
    return files.folder / files.current()


def test_embed_saves_the_index_and_a_one_shot_command_maps_it(archive: Store, db_url, embedder):
    assert archive.save_vector_index(MODEL, 384) == (6, True)
    folder = saved_folder(archive)
    oneshot = Store(db_url)  # the next command: nothing built, the file mapped
    query = embedder.query(QUESTION)
    found = oneshot.nearest(MODEL, query, Scope("local", "C_PRIVATE"), 3)
    assert oneshot._scanned.index.opened == folder.name
    assert mapped(folder / "index.faiss") and mapped(folder / "ids.npy")
    assert "hotel chain" in next(iter(texts(oneshot, found[:1])))
    built = VectorIndex(archive.engine, MODEL, 384)  # in memory, from the database
    built.refresh()
    assert found == built.search(query, Scope("local", "C_PRIVATE"), 3)
    oneshot.close()


def test_a_file_written_by_a_private_channels_process_keeps_the_fence(archive, db_url, embedder):
    """`factdesk embed --channel C_PRIVATE` (another process) writes the file; a process of
    the public scope opens it and never sees the private memo; the private scope does."""
    command = [sys.executable, "-m", "bot", "embed", "--db", db_url, "--channel", "C_PRIVATE"]
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "vector index saved (6 vectors, " in run.stderr
    query = embedder.query(QUESTION)
    for opened in (Store(db_url), Store(db_url)):
        public = texts(opened, opened.nearest(MODEL, query, Scope(), 10))
        assert opened._scanned.index.opened  # from the file
        assert public == set(HARBOUR.strip().splitlines())
        fenced = texts(opened, opened.nearest(MODEL, query, Scope("local", "C_OTHER"), 10))
        assert fenced == public
        opened.close()
    server = Store(db_url)
    server.start_vector_index(MODEL, 384, wait=True)
    assert server.vector_index.opened  # a server opens it too instead of building
    private = texts(server, server.nearest(MODEL, query, Scope("local", "C_PRIVATE"), 10))
    assert any("lighthouse" in text for text in private) and len(private) == 6
    assert texts(server, server.nearest(MODEL, query, Scope(), 10)) == public
    server.close()


def test_vectors_stored_since_the_save_are_topped_up_then_folded_in(archive, db_url, embedder):
    archive.save_vector_index(MODEL, 384)
    first = saved_folder(archive).name
    index(archive, "orchard.txt", ORCHARD, channel="C_PRIVATE")
    embed_missing(archive, embedder)
    query = embedder.query("Frost killed the apple blossom near Brackley")
    oneshot = Store(db_url)
    found = oneshot.nearest(MODEL, query, Scope("local", "C_PRIVATE"), 1)
    assert texts(oneshot, found) == {ORCHARD.strip()}  # from the tail, beside the file
    assert oneshot.nearest(MODEL, query, Scope(), 1)[0][0] != found[0][0]  # fenced there too
    assert len(oneshot._scanned.index.tail.ids) == 1
    oneshot.close()
    assert archive.save_vector_index(MODEL, 384) == (7, True)  # `factdesk embed` again
    assert saved_folder(archive).name != first
    assert not (saved_folder(archive).parent / first).exists()  # the older version went
    again = VectorIndex(archive.engine, MODEL, 384, archive.vector_files(MODEL))
    assert again.refresh(build=False) == 0 and len(again.base.ids) == 7


def test_a_server_folds_its_tail_into_a_new_save(archive, embedder, monkeypatch):
    monkeypatch.setattr(vector_index_module, "EXTEND_AT", 1)
    server = VectorIndex(archive.engine, MODEL, 384, archive.vector_files(MODEL))
    server.refresh()
    first = server.opened
    assert first and len(server.base.ids) == 6
    index(archive, "orchard.txt", ORCHARD)
    embed_missing(archive, embedder)
    assert server.refresh() == 1 and len(server.tail.ids) == 1  # topped up in memory
    server.refresh()  # past EXTEND_AT: a new save, mapped again
    assert server.opened != first and len(server.base.ids) == 7 and not len(server.tail.ids)


def test_an_inverted_file_is_saved_and_mapped_and_fenced(archive, db_url, embedder, monkeypatch):
    boats = [f"Trawler {n} of the Saltmere fleet landed {n * 7} boxes of cod." for n in range(40)]
    index(archive, "fleet.txt", "\n".join(boats) + "\n")
    embed_missing(archive, embedder)
    monkeypatch.setattr(vector_index_module, "EXACT_UNTIL", 40)
    archive.save_vector_index(MODEL, 384)
    server = Store(db_url)
    server.start_vector_index(MODEL, 384, wait=True)
    held = server.vector_index
    assert "IVF" in type(held.index).__name__ and held.trained_on == 46 and held.opened
    assert mapped(saved_folder(archive) / "index.faiss")
    query = embedder.query(QUESTION)
    public = texts(server, server.nearest(MODEL, query, Scope(), 50))
    assert public and not any("lighthouse" in text for text in public)
    private = texts(server, server.nearest(MODEL, query, Scope("local", "C_PRIVATE"), 3))
    assert any("lighthouse" in text for text in private)
    server.close()


def spoil(folder: Path, how: str, database: str) -> None:
    target = folder / "index.faiss"
    if how == "truncated":
        target.write_bytes(target.read_bytes()[:1000])
    elif how == "corrupt":
        target.write_bytes(os.urandom(target.stat().st_size))
    elif how == "unreadable meta":
        (folder / "meta.json").write_text("{not json", encoding="utf-8")
    else:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        meta.update({"foreign": {"database": database}, "ahead": {"through": 10**9}}[how])
        (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")


@pytest.mark.parametrize("how", ["truncated", "corrupt", "unreadable meta", "foreign", "ahead"])
def test_a_bad_saved_index_gives_one_line_and_a_rebuild(archive, embedder, caplog, how):
    archive.save_vector_index(MODEL, 384)
    spoil(saved_folder(archive), how, "another-database")
    query = embedder.query(QUESTION)
    caplog.set_level(logging.WARNING, logger="store.search")
    server = VectorIndex(archive.engine, MODEL, 384, archive.vector_files(MODEL))
    server.refresh()
    server.refresh()  # the refresher's next round: nothing more to say
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("store.search")]
    assert len(lines) == 1 and "from the database" in lines[0]
    assert texts(archive, server.search(query, Scope(), 10)) == set(HARBOUR.strip().splitlines())
    again = VectorIndex(archive.engine, MODEL, 384, archive.vector_files(MODEL))
    assert again.open_saved() and len(again.base.ids) == 6  # saved anew, fit to open


def test_a_folder_that_cannot_be_written_answers_from_memory(archive, embedder, caplog):
    """The vector file's folder cannot be made (here a plain file stands where it would be;
    the tests run as root, for whom a read-only folder is still writable)."""
    where = archive.vector_files(MODEL).folder
    where.parent.mkdir(parents=True, exist_ok=True)
    where.write_text("not a folder", encoding="utf-8")
    caplog.set_level(logging.WARNING, logger="store.search.vector_file")
    assert archive.save_vector_index(MODEL, 384) == (6, False)
    lines = [r.getMessage() for r in caplog.records if r.name == "store.search.vector_file"]
    assert len(lines) == 1 and "answering from memory" in lines[0]
    archive.start_vector_index(MODEL, 384, wait=True)
    query = embedder.query(QUESTION)
    found = texts(archive, archive.nearest(MODEL, query, Scope("local", "C_PRIVATE"), 1))
    assert any("hotel chain" in text for text in found)


def test_a_build_uses_more_threads_and_gives_them_back() -> None:
    faiss = faiss_module()
    with build_threads(2):
        assert faiss.omp_get_max_threads() == 2
    assert faiss.omp_get_max_threads() == 1  # answering stays on one thread
    vectors = np.eye(4, 384, dtype=np.float32)
    with build_threads(2):
        built = vector_index_module.build_index(vectors)
    assert built.ntotal == 4


def test_a_tail_whose_file_went_is_folded_in_by_a_rebuild(archive, embedder, monkeypatch):
    monkeypatch.setattr(vector_index_module, "EXTEND_AT", 1)
    server = VectorIndex(archive.engine, MODEL, 384, archive.vector_files(MODEL))
    server.refresh()
    (saved_folder(archive) / "index.faiss").unlink()  # mapped still; its name gone
    index(archive, "orchard.txt", ORCHARD)
    embed_missing(archive, embedder)
    server.refresh()
    server.refresh()
    assert (
        len(server.base.ids) == 7
        and server.opened
        and mapped(saved_folder(archive) / "index.faiss")
    )


def test_a_damaged_scope_column_never_shows_a_private_passage(archive, db_url, embedder):
    """A file whose rows all claim the public scope (bytes changed on disk, shapes intact):
    the database's fence still keeps the private memo out of a public answer."""
    archive.save_vector_index(MODEL, 384)
    folder = saved_folder(archive)
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    public = meta["scopes"].index(["local", ""]) if ["local", ""] in meta["scopes"] else 0
    scopes = np.load(folder / "scopes.npy")
    np.save(folder / "scopes.npy", np.full_like(scopes, public))
    opened = Store(db_url)
    found = texts(opened, opened.nearest(MODEL, embedder.query(QUESTION), Scope(), 10))
    assert opened._scanned.index.opened and found == set(HARBOUR.strip().splitlines())
    opened.close()


def test_a_one_shot_command_says_when_the_newest_vectors_are_not_searched(
    archive, db_url, embedder, monkeypatch, caplog
):
    archive.save_vector_index(MODEL, 384)
    for n in range(3):
        index(archive, f"orchard{n}.txt", f"Orchard {n} near Brackley lost its blossom.\n")
    embed_missing(archive, embedder)
    monkeypatch.setattr("store.search.vector_scan.SCAN_LIMIT", 2)  # tops up 2 of the 3
    monkeypatch.setattr(vector_index_module, "READ_BATCH", 1)
    oneshot = Store(db_url)
    with caplog.at_level(logging.WARNING):
        for _ in range(2):  # said once, not at every query
            oneshot.nearest(MODEL, embedder.query("frost and blossom"), Scope(), 3)
    oneshot.close()
    said = [r.getMessage() for r in caplog.records if r.getMessage().startswith("meaning:")]
    assert said == [
        "meaning: the newest 1 passages with a vector are not in the saved vector index and "
        "are searched by words only here; `factdesk embed` saves it"
    ]


def test_a_one_shot_command_says_when_there_is_no_saved_index_to_search(
    archive, db_url, monkeypatch, caplog
):
    monkeypatch.setattr("store.search.vector_scan.SCAN_LIMIT", 2)  # 6 vectors, none saved
    oneshot = Store(db_url)
    with caplog.at_level(logging.WARNING):
        assert oneshot.nearest(MODEL, np.ones(384, dtype=np.float32) / 384**0.5, Scope(), 3) == []
    oneshot.close()
    said = [r.getMessage() for r in caplog.records if r.getMessage().startswith("meaning:")]
    assert len(said) == 1 and said[0].startswith("meaning: 6 passages have a vector but no saved")
