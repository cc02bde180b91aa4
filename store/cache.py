"""Bounded caches: an LRU, and values kept while what a scope sees stays the same."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from store.generations import Generations
from store.records import Scope

T = TypeVar("T")


class LRU:
    """Values by key, the least recently used dropped once they weigh more than `capacity`
    in all. A value weighs `size(value)` (by default its len(), so a few large lists
    cannot pile up); one heavier than the whole cache is returned, not kept."""

    def __init__(self, capacity: int, size: Callable[[Any], int] = len) -> None:
        self.capacity = capacity
        self.size = size
        self._values: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._held = 0
        self._lock = threading.Lock()

    def get(
        self, key: Hashable, make: Callable[[], T], keep: Callable[[], bool] | None = None
    ) -> T:
        """The value kept under `key`, else `make()`'s, kept unless `keep()` says no."""
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key][0]
        value = make()  # outside the lock: a slow read does not hold up other queries
        weight = self.size(value)
        if keep is not None and not keep():
            return value
        with self._lock:
            if key not in self._values and weight <= self.capacity:
                self._values[key] = (value, weight)
                self._held += weight
                while self._held > self.capacity:
                    _, (_, dropped) = self._values.popitem(last=False)
                    self._held -= dropped
        return value


class ByGeneration:
    """Values built from what a scope sees, at most `entries` of them, the least recently
    used dropped first. The key is the generation of the scope's documents (see
    store/generations.py), read from the database at every `get`: a change made by any
    process is seen at the next one, and scopes that see the same documents share a value."""

    def __init__(self, generations: Generations, entries: int) -> None:
        self.generations = generations
        self._lru = LRU(entries, size=lambda _: 1)

    def get(self, scope: Scope, make: Callable[[], T]) -> T:
        return self.get_at(scope, lambda _: make())

    def get_at(self, scope: Scope, make: Callable[[Hashable], T]) -> T:
        """`get`, with `make` given the state it builds for (to find a saved copy by it).
        A value built while the scope's state changed is returned but not kept: it may hold
        what that state does not see (a private channel's first document, under the state
        the channel shared with the whole workspace until then)."""
        state = self.generations.of(scope)

        def unchanged() -> bool:
            return self.generations.of(scope) == state

        return self._lru.get(state, lambda: make(state), keep=unchanged)
