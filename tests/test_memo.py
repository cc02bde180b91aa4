"""The bounded caches /who answers from: the memo of each People, and the store's People
per generation of what a scope sees."""

from __future__ import annotations

from handlers import who
from handlers.who import load_people
from store import Scope, Store
from store.cache import LRU
from store.store import PEOPLE_CACHED
from tests.slack_wire import DESK_BRIEF, index


def test_the_least_recently_used_go_first_once_the_items_pass_capacity() -> None:
    memo, reads = LRU(capacity=5), []

    def read(key: str, size: int):
        return lambda: reads.append(key) or [key] * size

    assert memo.get("a", read("a", 2)) == ["a", "a"]
    memo.get("b", read("b", 2))
    memo.get("a", read("a", 2))  # from the memo, and now the most recent
    memo.get("c", read("c", 2))  # 6 items held: "b" goes
    memo.get("a", read("a", 2))
    memo.get("b", read("b", 2))
    assert reads == ["a", "b", "c", "b"]
    memo.get("huge", read("huge", 9))  # larger than the whole memo: returned, not kept
    memo.get("huge", read("huge", 9))
    assert reads[-2:] == ["huge", "huge"]


def test_a_new_document_is_seen_by_the_next_who(store: Store) -> None:
    index(store, "desk.txt", DESK_BRIEF)
    first = who.who(store, "Zelensky", Scope())
    again = who.who(store, "Zelensky", Scope())
    assert again == first
    index(store, "later.txt", "Later brief\n\nPresident Volodymyr Zelensky met the press.\n")
    later = who.who(store, "Zelensky", Scope())
    assert later.person.mentions == first.person.mentions + 1


SECRET = "Union memo\n\nPresident Volodymyr Zelensky spoke to the union on Tuesday.\n"


def test_scopes_that_see_the_same_documents_share_one_people(store: Store) -> None:
    index(store, "desk.txt", DESK_BRIEF)
    shared = load_people(store, Scope("local", "C0DESK"))
    assert load_people(store, Scope("local", "C0NEWS")) is shared
    assert load_people(store, Scope()) is shared
    index(store, "union.txt", SECRET, channel="G0UNION")
    fenced = load_people(store, Scope("local", "G0UNION"))
    assert fenced is not shared
    assert load_people(store, Scope("local", "C0NEWS")) is shared  # it sees nothing new
    inside = who.who(store, "Zelensky", Scope("local", "G0UNION")).person
    outside = who.who(store, "Zelensky", Scope("local", "C0NEWS")).person
    assert inside.mentions == outside.mentions + 1


def test_a_change_made_by_another_process_is_seen(store: Store, db_url: str) -> None:
    index(store, "desk.txt", DESK_BRIEF)
    before = who.who(store, "Zelensky", Scope())
    built = load_people(store, Scope())
    other = Store(db_url)  # another worker on the same database
    try:
        (doc,) = other.documents.find("local", None, "desk.txt")
        other.documents.retract(doc, "withdrawn by the desk")
        assert load_people(store, Scope()) is not built
        retracted = who.who(store, "Zelensky", Scope())
        quoted = [*retracted.person.said, *retracted.results]  # each passage once
        assert quoted and all(m.document.retracted for m in quoted)
        other.documents.forget(doc)
        gone = who.who(store, "Zelensky", Scope())
    finally:
        other.close()
    assert before.person is not None and gone.person is None


def test_the_store_keeps_a_bounded_number_of_people(store: Store) -> None:
    index(store, "desk.txt", DESK_BRIEF)
    channels = [f"G0{n:02}" for n in range(PEOPLE_CACHED + 1)]
    for channel in channels:
        index(store, f"{channel}.txt", SECRET, channel=channel)
    first = load_people(store, Scope("local", channels[0]))
    assert load_people(store, Scope("local", channels[0])) is first
    for channel in channels[1:]:
        load_people(store, Scope("local", channel))
    assert load_people(store, Scope("local", channels[0])) is not first  # dropped, rebuilt
