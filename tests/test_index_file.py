"""The saved candidate index: opened instead of built, never wrong about the database.

It is a cache. Whatever happens to the files or the database (documents added, replaced
or deleted, another database at the same path, a broken file), an answer from it equals
the answer from the database itself.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from handlers import claim, figures
from handlers.ingest import ingest_bytes
from store import Scope, Store
from store.search.index_file import IndexFiles
from tests.slack_wire import DESK_BRIEF, EMBARGOED, index

FLOOD = """River Alder bursts its banks
By Ines Marrow
Published 3 March 2025

At least 1,200 residents of Dunmore were moved to the school gym overnight, the council said.

The mayor, Tomas Reyl, said about 300 homes stood in water by morning.
"""
STRIKE = """Dock strike enters second week
Published 5 March 2025

Around 4,000 dock workers stayed away from the port for a ninth day, the union said.

The port authority put its losses at 2 million euros a day.
"""
QUERIES = ("residents moved to the school gym", "dock workers stayed away", "soldiers Kursk")


def answers(store: Store) -> list[list[tuple[str, str]]]:
    found = [claim.claim(store, q, Scope()).results for q in QUERIES]
    return [[(m.excerpt, m.check) for m in results] for results in found]


def from_database(db_url: str) -> list[list[tuple[str, str]]]:
    plain = Store(db_url)
    try:
        return answers(plain)
    finally:
        plain.close()


def saved(store: Store) -> IndexFiles:
    files = store._index_files()
    assert files is not None
    return files


@pytest.fixture
def archive(store: Store) -> Store:
    index(store, "desk.txt", DESK_BRIEF)
    index(store, "flood.txt", FLOOD)
    return store


def test_the_first_open_builds_and_saves_the_next_opens_the_file(
    archive: Store, db_url: str
) -> None:
    assert archive.open_index(build=True) and not archive.memory.opened_from_file
    assert (saved(archive).folder / "CURRENT").is_file()
    again = Store(db_url)
    try:
        assert again.open_index() and again.memory.opened_from_file
        assert answers(again) == answers(archive) == from_database(db_url)
    finally:
        again.close()


def test_frequencies_and_vocabulary_from_the_file_equal_a_fresh_build(
    archive: Store, db_url: str
) -> None:
    archive.open_index(build=True)
    index(archive, "strike.txt", STRIKE)  # an extra segment beside the saved one
    opened, built = Store(db_url), Store(db_url)
    try:
        assert opened.open_index() and opened.memory.opened_from_file
        built.memory = __import__("store.search.memory", fromlist=["x"]).MemoryIndex(built.engine)
        built.memory.refresh()
        terms = ["resid", "dock", "worker", "soldier", "kursk", "nowher", "the"]
        assert opened.document_frequencies(terms) == built.document_frequencies(terms)
        for low, high in (("a", "b"), ("d", "e"), ("s", "t"), ("", "~"), ("zz", "zzz")):
            assert opened.vocabulary_between(low, high, 7) == built.vocabulary_between(low, high, 7)
        typo = "residnts moved to the schol gym"
        assert answers_to(opened, typo) == answers_to(built, typo) != []
    finally:
        opened.close(), built.close()


def answers_to(store: Store, text: str) -> list[str]:
    return [m.excerpt for m in claim.claim(store, text, Scope()).results]


def test_without_a_saved_index_a_one_shot_command_searches_the_database(archive: Store) -> None:
    assert archive.open_index(build=False) is False and archive.memory is None
    assert answers(archive)[1] == []  # no strike document yet: nothing matches
    assert answers(archive)[0][0][0].startswith("At least 1,200 residents")


def test_documents_added_and_replaced_since_the_save_are_seen(archive: Store, db_url: str) -> None:
    archive.open_index(build=True)
    index(archive, "strike.txt", STRIKE)  # added after the save
    index(archive, "flood.txt", FLOOD.replace("1,200", "1,500"))  # replaced after it
    later = Store(db_url)
    try:
        assert later.open_index() and later.memory.opened_from_file
        assert answers(later) == from_database(db_url)
        excerpts = [e for e, _ in answers(later)[0]]
        assert any("1,500" in e for e in excerpts) and not any("1,200" in e for e in excerpts)
        assert answers(later)[1][0][0].startswith("Around 4,000 dock workers")
    finally:
        later.close()


def test_a_scope_fence_holds_in_the_saved_index(store: Store, db_url: str) -> None:
    ingest_bytes(store, EMBARGOED.encode(), "e.txt", "e.txt", Scope("local", "G0PRIVATE"))
    index(store, "desk.txt", DESK_BRIEF)
    store.open_index(build=True)
    later = Store(db_url)
    try:
        later.open_index()
        public = claim.claim(later, "Pyongyang paid officers 2,000 dollars", Scope()).results
        inside = claim.claim(
            later, "Pyongyang paid officers 2,000 dollars", Scope("local", "G0PRIVATE")
        ).results
        assert not any("ledger" in m.excerpt for m in public)
        assert any("ledger" in m.excerpt for m in inside)
    finally:
        later.close()


def test_another_database_at_the_same_path_does_not_use_the_old_file(
    tmp_path: Path, db_url: str
) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("a SQLite file replaced at its path")
    path = tmp_path / "swap.db"
    first = Store(f"sqlite:///{path}")
    index(first, "desk.txt", DESK_BRIEF)
    first.open_index(build=True)
    first.close()
    path.unlink()
    second = Store(f"sqlite:///{path}")  # a new archive, same name, the old index beside it
    try:
        index(second, "strike.txt", STRIKE)
        assert second.open_index() is False  # not this database's index
        assert second.open_index(build=True) and not second.memory.opened_from_file
        assert answers(second)[2] == []  # the old archive's soldiers are not in this one
    finally:
        second.close()


@pytest.mark.parametrize(
    "damage", ["CURRENT", "meta.json", "terms.bin", "starts.npy", "postings.npy"]
)
def test_a_broken_file_is_rebuilt_not_believed(
    archive: Store, db_url: str, damage: str, caplog: pytest.LogCaptureFixture
) -> None:
    archive.open_index(build=True)
    folder = saved(archive).folder
    current = (folder / "CURRENT").read_text()
    target = folder / damage if damage == "CURRENT" else folder / current / damage
    target.write_bytes(b"\x00garbage" if damage != "terms.bin" else b"only\nthree\nwords\n")
    later = Store(db_url)
    try:
        assert later.open_index(build=True) and not later.memory.opened_from_file
        assert answers(later) == from_database(db_url)
        assert "cannot be opened" in caplog.text
    finally:
        later.close()


def test_a_new_save_replaces_the_old_version_atomically(
    archive: Store, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from store.search import memory as memindex

    monkeypatch.setattr(memindex, "REBUILD_FLOOR", 10)
    archive.open_index(build=True)
    files = saved(archive)
    first = (files.folder / "CURRENT").read_text()
    for n in range(5):  # past REBUILD_FLOOR: the next open rebuilds and saves anew
        index(archive, f"more-{n}.txt", STRIKE.replace("ninth", f"day {n} of the"))
    later = Store(db_url)
    try:
        later.open_index(build=True)
        second = (files.folder / "CURRENT").read_text()
        assert second != first and (files.folder / second / "meta.json").is_file()
        assert not (files.folder / first).exists()
        assert sorted(p.name for p in files.folder.iterdir() if p.is_dir()) == [second]
    finally:
        later.close()


def test_workers_starting_together_build_once(archive: Store, db_url: str) -> None:
    stores = [Store(db_url) for _ in range(3)]
    try:
        threads = [threading.Thread(target=s.open_index, kwargs={"build": True}) for s in stores]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        opened = sorted(s.memory.opened_from_file for s in stores)
        assert opened == [False, True, True]  # one built and saved; the others opened it
    finally:
        for s in stores:
            s.close()


def test_a_server_start_opens_the_saved_index(archive: Store, db_url: str) -> None:
    archive.open_index(build=True)
    server = Store(db_url)
    try:
        server.start_memory_index(wait=True)
        assert server.memory.opened_from_file
        assert figures.figures(server, "residents", Scope()) == figures.figures(
            archive, "residents", Scope()
        )
    finally:
        server.close()


def test_the_cli_saves_on_index_and_answers_from_the_file(
    cli, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "flood.txt").write_text(FLOOD, encoding="utf-8")
    assert cli("index", str(tmp_path / "docs"))[0] == 0
    from_file = cli("claim", "residents moved to the school gym")
    monkeypatch.setenv("FACTDESK_MEMORY_INDEX", "off")
    from_sql = cli("claim", "residents moved to the school gym")
    assert from_file == from_sql and from_file[0] == 0 and "1,200 residents" in from_file[1]
    plain = Store(db_url)
    try:
        assert plain.open_index() and plain.memory.opened_from_file  # saved by `index`
    finally:
        plain.close()
