"""A small bounded memo for answers that hold until the archive changes.

It lives on a cached `People` (handlers/who.py), which is replaced when the archive's
generation stamp changes, so nothing in it can outlive the documents it was read from.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sized
from typing import TypeVar

T = TypeVar("T", bound=Sized)


class Memo:
    """Values by key, the least recently used dropped once they hold more than `capacity`
    items in all (a value's size is its len(), so a few large lists cannot pile up)."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._values: OrderedDict[Hashable, Sized] = OrderedDict()
        self._held = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]  # type: ignore[return-value]
        value = make()  # outside the lock: a slow read does not hold up other queries
        with self._lock:
            if key not in self._values and len(value) <= self.capacity:
                self._values[key] = value
                self._held += len(value)
                while self._held > self.capacity:
                    _, dropped = self._values.popitem(last=False)
                    self._held -= len(dropped)
        return value
