"""One process of a machine at a time does a server's background job for a database.

The first server process to take an exclusive, non-blocking lock on a file beside the
database's index (store/search/index_file.py) keeps it until its store closes; the kernel
lets go of it when the process dies, and another server takes the turn at its next try.
With gunicorn's workers each running the embedding thread, every worker loaded its own
passage encoder and encoded in turn (each ~1.2 GB while encoding on real news at 1M); now
one does, and the others only open the vectors it stores. Where no lock can be taken (a
database in memory, an unwritable folder) every process does the job, as before.
"""

from __future__ import annotations

import fcntl
import threading
from pathlib import Path
from typing import TextIO


class Turn:
    """Whether this process holds the turn for one job; held until `release`."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._held: TextIO | None = None
        self._lock = threading.Lock()

    def mine(self) -> bool:
        """True when this process does the job: it holds the turn now, or no lock can be had."""
        with self._lock:
            if self.path is None or self._held is not None:
                return True
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                handle = self.path.open("a")
            except OSError:
                return True
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                return False
            except OSError:
                handle.close()
                return True
            self._held = handle
            return True

    def release(self) -> None:
        with self._lock:
            if self._held is not None:
                self._held.close()
                self._held = None
