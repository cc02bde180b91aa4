"""The bounded memo /who keeps per archive state."""

from __future__ import annotations

from handlers import who
from handlers.memo import Memo
from store import Scope, Store
from tests.slack_wire import DESK_BRIEF, index


def test_the_least_recently_used_go_first_once_the_items_pass_capacity() -> None:
    memo, reads = Memo(capacity=5), []

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
