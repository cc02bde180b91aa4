"""Meaning coverage for health checks, without counting on the request.

Counting the passages a workspace sees and those with a vector is a join over every
passage: at 1,039,442 passages on SQLite it took 1.43 s cold and 0.59 s warm (measured
with `coverage_line` on the 1M bench archive), longer than the 1 s a load balancer or a
monitoring probe usually waits for `GET /healthz`. So a health check shows the last count,
and when that is older than MAX_AGE seconds one background thread counts again (only a
worker's first check counts on the request). The model's state (loading, off, ready) is
read fresh on every check; only the counts can be up to MAX_AGE old. `stats`, the
console and App Home count exactly, as before.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from handlers.meaning import coverage_text
from handlers.model_files import MODEL
from store import Scope, Store, StoreError
from store.search.vectors import Coverage

MAX_AGE = 30.0
log = logging.getLogger(__name__)


class HealthCoverage:
    """The coverage line of each scope, counted at most once per MAX_AGE, off the request."""

    def __init__(self, max_age: float = MAX_AGE, clock: Callable[[], float] = time.monotonic):
        self.max_age, self.clock = max_age, clock
        self._lock = threading.Lock()
        self._counts: dict[Scope, tuple[float, Coverage]] = {}
        self._counting: set[Scope] = set()

    def line(self, store: Store, scope: Scope) -> str:
        """The line for `scope`: counted now only the first time, else the last count
        (recounted in the background once it is older than max_age)."""
        with self._lock:
            found = self._counts.get(scope)
            recount = found is not None and self.clock() - found[0] > self.max_age
            recount = recount and scope not in self._counting
            if recount:
                self._counting.add(scope)
        if found is None:
            return coverage_text(self.count(store, scope))
        if recount:
            name = "factdesk-coverage"
            threading.Thread(
                target=self._recount, args=(store, scope), name=name, daemon=True
            ).start()
        return coverage_text(found[1])

    def _in_background(self, store: Store, scope: Scope) -> None:
        thread = threading.Thread(target=self._recount, args=(store, scope), daemon=True)
        thread.name = "factdesk-coverage"
        thread.start()

    def count(self, store: Store, scope: Scope) -> Coverage:
        found = store.vectors.coverage(scope, MODEL)
        with self._lock:
            self._counts[scope] = (self.clock(), found)
        return found

    def _recount(self, store: Store, scope: Scope) -> None:
        try:
            self.count(store, scope)
        except StoreError:  # the check itself says the database is unreachable
            log.warning("health check: could not count meaning coverage")
        finally:
            with self._lock:
                self._counting.discard(scope)
