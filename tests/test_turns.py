"""One server process of a machine embeds for a database at a time (store/turns.py): the
first to ask keeps the turn until its store closes or the process dies."""

from __future__ import annotations

import subprocess
import sys
import time

from store import Store
from tests.conftest import ROOT

HOLD = """
import sys, time
from store import Store
store = Store(sys.argv[1])
print("mine" if store.embeds_here() else "not mine", flush=True)
time.sleep(60)
"""


def test_the_first_store_to_ask_keeps_the_turn_until_it_closes(db_url: str) -> None:
    first, second = Store(db_url), Store(db_url)
    try:
        assert first.embeds_here() and first.embeds_here()  # asked again: still its own
        assert not second.embeds_here()
        first.close()
        assert second.embeds_here()
    finally:
        first.close()
        second.close()


def test_another_process_holds_the_turn_until_it_dies(db_url: str) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, db_url], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    store = Store(db_url)
    try:
        assert holder.stdout.readline().strip() == "mine"
        assert not store.embeds_here()
        holder.kill()
        holder.wait()
        deadline = time.monotonic() + 10
        while not store.embeds_here():  # the kernel let go of the dead process's lock
            assert time.monotonic() < deadline
            time.sleep(0.1)
    finally:
        holder.kill()
        store.close()


def test_a_database_in_memory_has_no_lock_and_every_store_embeds() -> None:
    first, second = Store("sqlite:///:memory:"), Store("sqlite:///:memory:")
    try:
        assert first.embeds_here() and second.embeds_here()
    finally:
        first.close()
        second.close()
