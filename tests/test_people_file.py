"""The people saved beside the candidate index (store/people_file.py, handlers/people.py):
a process with none cached opens them and answers exactly what reading the database gives;
a change, a private channel, a damaged or stale file never leak into an answer."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from handlers import who
from handlers.claim import claim
from handlers.people import _read_people, _saved_or_read, load_people, rules
from store import Scope, Store
from store.people_file import PeopleFiles
from tests.slack_wire import index

WIRE = """Harbour strike enters second week

Mayor Tomasz Wierzbicki said on Monday that 40 cranes stood idle at the north quay.
Union leader Mirela Dobos told reporters the strike would go on. Tomasz Wierzbicky, the
mayor, later met the union. Wierzbicki said 12 ships were waiting offshore.
"""

MEMO = """# Desk memo: harbour strike

- Mirela Dobosh (union) says 300 dockers walked out on Friday.
- Port director Anselm Krohne said 12 ships were waiting, not 15.
- Dobos said talks resume Thursday.
"""

PAGE = """<html><head><title>Quay talks</title></head><body>
<h1>Quay talks stall</h1>
<p>Port director Anselm Kröhne said on Wednesday that 14 ships were now waiting.</p>
<p>Mayor Tomasz Wierzbicki urged both sides to return to the table.</p>
</body></html>
"""

SECRET = """Union memo

Odile Fanshawe, the union's treasurer, said the strike fund holds 90,000 euros.
Mirela Dobos said the fund would last three weeks.
"""

PUBLIC, PRIVATE = Scope("local", "C0DESK"), Scope("local", "G0UNION")


def archive(store: Store) -> None:
    index(store, "wire.txt", WIRE)
    index(store, "memo.md", MEMO)
    index(store, "page.html", PAGE)
    index(store, "union.txt", SECRET, channel=PRIVATE.channel)


def saved_file(store: Store, scope: Scope) -> Path:
    files = store.people_files()
    assert files is not None
    return files.path_for(store.generations.of(scope), rules())


def same(a, b) -> None:
    assert a.clusters == b.clusters
    assert list(a.rows.items()) == list(b.rows.items())  # the order too (surname hits)
    assert a.splits == b.splits
    assert a.documents == b.documents


def fresh(db_url: str) -> Store:
    """Another process on the same database: nothing cached in memory."""
    return Store(db_url)


@pytest.mark.parametrize("scope", [PUBLIC, PRIVATE, Scope()])
def test_a_new_process_opens_the_saved_people_and_answers_the_same(
    store: Store, db_url: str, scope: Scope
) -> None:
    archive(store)
    store.people.add_edit("local", "split", "Mirela Dobos", "Mirela Dobosh")
    first = load_people(store, scope)  # read from the database, and saved
    path = saved_file(store, scope)
    made = path.stat().st_ino
    other = fresh(db_url)
    try:
        opened = load_people(other, scope)
        assert path.stat().st_ino == made  # opened, not read and saved again
        same(opened, first)
        same(opened, _read_people(other, scope))
        for name in ("Wierzbicki", "mirela dobosh", "Anselm Krohne", "Fanshawe", "Krone"):
            assert who.who(other, name, scope) == who.who(store, name, scope)
        asked = "the mayor said 40 cranes stood idle"
        assert claim(other, asked, scope) == claim(store, asked, scope)
    finally:
        other.close()


def test_a_private_channel_s_people_stay_in_it(store: Store, db_url: str) -> None:
    archive(store)
    load_people(store, PRIVATE)
    load_people(store, PUBLIC)
    assert saved_file(store, PRIVATE) != saved_file(store, PUBLIC)
    assert saved_file(store, PRIVATE).exists() and saved_file(store, PUBLIC).exists()
    other = fresh(db_url)
    try:
        inside = who.who(other, "Odile Fanshawe", PRIVATE)
        outside = who.who(other, "Odile Fanshawe", PUBLIC)
        elsewhere = who.who(other, "Odile Fanshawe", Scope("local", "C0OTHER"))
    finally:
        other.close()
    assert inside.person is not None and inside.person.name == "Odile Fanshawe"
    assert outside.person is None and elsewhere.person is None
    assert "Odile Fanshawe" not in load_people(store, PUBLIC).rows


def test_a_change_in_another_process_makes_the_saved_people_stale(
    store: Store, db_url: str
) -> None:
    archive(store)
    before = who.who(store, "Anselm Krohne", PUBLIC)
    old = saved_file(store, PUBLIC)
    other = fresh(db_url)
    try:
        (page,) = other.documents.find("local", None, "page.html")
        other.documents.retract(page, "wrong quay")
        retracted = who.who(other, "Anselm Krohne", PUBLIC)
        (memo,) = other.documents.find("local", None, "memo.md")
        other.documents.forget(memo)
        other.documents.forget(page)
        other.people.add_edit("local", "merge", "Mirela Dobos", "Odile Fanshawe")
    finally:
        other.close()
    again = fresh(db_url)
    try:
        assert saved_file(again, PUBLIC) != old
        same(load_people(again, PUBLIC), _read_people(again, PUBLIC))
        assert saved_file(again, PUBLIC).exists() and not old.exists()  # the fence's older
        gone = who.who(again, "Anselm Krohne", PUBLIC)
    finally:
        again.close()
    assert before.person is not None and before.person.mentions == 2
    assert retracted.person.mentions == 2
    quoted = [*retracted.person.said, *retracted.results]  # each passage once: said or mention
    assert any(m.document.retracted for m in quoted)
    assert gone.person is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],  # truncated mid-write by a crash
        lambda text: "\x00\x01 not json",
        lambda text: text.replace('"person_id": [', '"person_id": ["x", ', 1),  # shape is wrong
        lambda text: text.replace('"version": 2', '"version": 99', 1),  # another format
    ],
)
def test_a_damaged_saved_file_is_rebuilt_with_one_log_line(
    store: Store, db_url: str, damage, caplog: pytest.LogCaptureFixture
) -> None:
    archive(store)
    first = load_people(store, PUBLIC)
    path = saved_file(store, PUBLIC)
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    other = fresh(db_url)
    try:
        with caplog.at_level(logging.WARNING):
            opened = load_people(other, PUBLIC)
            answer = who.who(other, "Wierzbicki", PUBLIC)
    finally:
        other.close()
    same(opened, first)
    assert answer.person is not None and answer.person.name == "Tomasz Wierzbicki"
    warned = [r for r in caplog.records if "saved people" in r.getMessage()]
    assert len(warned) == 1 and "reading them from the database" in warned[0].getMessage()
    again = fresh(db_url)
    try:
        caplog.clear()
        same(load_people(again, PUBLIC), first)  # saved anew, and fit to open
        assert not caplog.records
    finally:
        again.close()


def test_an_unwritable_folder_costs_a_log_line_not_an_answer(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    archive(store)
    files = store.people_files()
    files.folder.parent.mkdir(parents=True, exist_ok=True)
    files.folder.write_text("a file where the folder should be", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        answer = who.who(store, "Wierzbicki", PUBLIC)
    assert answer.person is not None
    assert any("could not be saved" in r.getMessage() for r in caplog.records)


def test_people_read_while_the_scope_changed_are_neither_kept_nor_saved(store: Store) -> None:
    """A private channel's first document, written while its people are read: what was read
    sees it, but the state read before (which the whole workspace still has) must not
    keep it, in memory or on disk."""
    index(store, "wire.txt", WIRE)
    state = store.generations.of(PRIVATE)
    assert state == store.generations.of(PUBLIC)  # the channel has nothing of its own yet

    def read_during_a_change(state):
        index(store, "union.txt", SECRET, channel=PRIVATE.channel)
        return _saved_or_read(store, PRIVATE, state)

    seen = store.people_cache.get_at(PRIVATE, read_during_a_change)
    assert "Odile Fanshawe" in seen.rows
    assert not store.people_files().path_for(state, rules()).exists()
    assert store.generations.of(PUBLIC) == state
    assert "Odile Fanshawe" not in load_people(store, PUBLIC).rows
    assert "Odile Fanshawe" in load_people(store, PRIVATE).rows


def test_files_of_other_rules_or_databases_are_not_used(store: Store) -> None:
    archive(store)
    load_people(store, PUBLIC)
    state, files = store.generations.of(PUBLIC), store.people_files()
    assert files.load(state, rules()) is not None
    assert files.load(state, "other rules") is None
    assert PeopleFiles(files.folder, "another database").load(state, rules()) is None


def test_a_file_of_an_older_format_goes_when_people_are_saved_again(
    store: Store, db_url: str
) -> None:
    archive(store)
    load_people(store, PUBLIC)
    path = saved_file(store, PUBLIC)
    older = path.with_name("v1-" + path.name.split("-", 1)[1])  # as the release before wrote
    older.write_text(path.read_text())
    path.unlink()
    other = fresh(db_url)
    try:
        load_people(other, PUBLIC)  # none saved in this format: read and saved again
    finally:
        other.close()
    assert path.exists() and not older.exists()
