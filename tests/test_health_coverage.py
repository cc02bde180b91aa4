"""GET /healthz's meaning line: the last count, recounted off the request once it is old."""

from __future__ import annotations

import time

from handlers.health_coverage import HealthCoverage
from store import Scope, Store
from tests.slack_wire import index

NOTE = "Harbour note.\n\nThe night shift unloaded 14 barges at the east quay.\n"
MORE = "Second note.\n\nA crane broke down on Tuesday. Repairs took two days.\n"


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _settled(coverage: HealthCoverage, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while coverage._counting and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not coverage._counting, "the background count did not finish"


def test_the_first_check_counts_then_the_count_is_kept_until_it_is_old(store: Store) -> None:
    clock, scope = Clock(), Scope()
    coverage = HealthCoverage(max_age=30, clock=clock)
    index(store, "harbour.txt", NOTE)
    assert coverage.line(store, scope).startswith("meaning: 0 of 2 passages")
    index(store, "crane.txt", MORE)
    clock.now += 29  # young: the kept count, nothing counted
    assert coverage.line(store, scope).startswith("meaning: 0 of 2 passages")
    assert not coverage._counting
    clock.now += 2  # old: this check still answers at once with the kept count...
    assert coverage.line(store, scope).startswith("meaning: 0 of 2 passages")
    _settled(coverage)  # ...while one thread counts again
    assert coverage.line(store, scope).startswith("meaning: 0 of 5 passages")


def test_each_scope_has_its_own_count(store: Store) -> None:
    coverage = HealthCoverage(clock=Clock())
    index(store, "harbour.txt", NOTE)
    assert coverage.line(store, Scope()).startswith("meaning: 0 of 2 passages")
    assert coverage.line(store, Scope("T-OTHER")).startswith("meaning: 0 of 0 passages")
