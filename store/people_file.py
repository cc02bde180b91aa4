"""The archive's people as /who clusters them, saved beside the candidate index.

Clustering every spelling of a 1M-sentence archive into people (handlers/people.py) took
1.1 s of a one-shot `factdesk claim` that names a speaker (7,649 people, generated text)
and about a minute on real news (294,434 people); a server pays it once per change, a
one-shot command on every start. Reading the saved result takes milliseconds.

- A local cache, never the only copy of anything: any file missing, unreadable, of another
  format, database, archive state or rule set is simply not used, and the people are read
  from the database again (and saved anew).
- Stamped with what the people were read from: the database's id, the generations of what
  the scope sees (store/generations.py, bumped by every change to it, by any process) and
  a fingerprint of the rules that cluster them (handlers', opaque here). Scopes that see
  the same documents share one file, as they share one cached People; a private channel's
  people are in its own file and only its own scope's state names that file.
- Written atomically (a temporary file, then os.replace). Saving a state removes the older
  states of its fence (its workspace and channel); of all, the KEEP most recent are kept.
- Where: a `people/` folder in the candidate index's folder (store/search/index_file.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import secrets
from collections.abc import Hashable
from pathlib import Path

from store.search.index_file import IndexFiles

VERSION = 2  # 2: a list per field, not per row (handlers/people.py: _as_saved)
KEEP = 16  # saved states kept: the newest of each fence (a workspace, a private channel)
log = logging.getLogger(__name__)


class PeopleFiles:
    """The saved people of one database, one file per archive state."""

    def __init__(self, folder: Path, database_id: str) -> None:
        self.folder, self.database_id = folder, database_id

    @classmethod
    def beside(cls, index: IndexFiles) -> PeopleFiles:
        return cls(index.folder / "people", index.database_id)

    def _stamp(self, state: Hashable, rules: str) -> dict:
        shown = list(state) if isinstance(state, tuple) else state  # as JSON gives it back
        return {"version": VERSION, "database": self.database_id, "state": shown, "rules": rules}

    def _path(self, stamp: dict) -> Path:
        return self.folder / f"{self._lineage(stamp)}-{_digest(stamp)[:24]}.json"

    def _lineage(self, stamp: dict) -> str:
        """What a file's name starts with: the database and the fence of the state (its
        names without its counters), so that saving a fence's newer state removes its older
        ones (on real news at 1M one file is 28 MB)."""
        state = stamp["state"]
        fence = [part for part in state if isinstance(part, str)] if isinstance(state, list) else []
        return f"v{VERSION}-{_digest([self.database_id, fence])[:12]}"

    def load(self, state: Hashable, rules: str) -> dict | None:
        """The payload saved for this state under these rules, or None."""
        stamp = self._stamp(state, rules)
        path = self._path(stamp)
        try:
            saved = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(saved, dict) or saved.get("stamp") != stamp:
                raise ValueError("it was saved for another archive state")
            return saved["people"]
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError) as exc:
            self.discard(path, f"cannot be read ({exc})")
            return None

    def save(self, state: Hashable, rules: str, people: dict) -> None:
        """Save `people` (JSON-able) for this state; a failure is logged, never raised."""
        stamp = self._stamp(state, rules)
        path = self._path(stamp)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
            temporary.write_text(json.dumps({"stamp": stamp, "people": people}), "utf-8")
            os.replace(temporary, path)
            self._remove_older(path, self._lineage(stamp))
        except OSError as exc:
            log.warning("the people could not be saved in %s (%s)", self.folder, exc)

    def unwritable(self) -> str | None:
        """Why nothing can be saved here (a read-only folder, a file in the way), else None."""
        probe = self.folder / f".probe.{secrets.token_hex(4)}"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            probe.touch()
            probe.unlink()
        except OSError as exc:
            return f"{self.folder} is not writable ({exc.strerror or exc})"
        return None

    def path_for(self, state: Hashable, rules: str) -> Path:
        """The file this state's people are saved in."""
        return self._path(self._stamp(state, rules))

    def discard(self, path: Path, why: str) -> None:
        """A saved file that is no use: one log line, and it goes (it is rebuilt)."""
        log.warning("the saved people %s %s; reading them from the database", path, why)
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)

    def _remove_older(self, kept: Path, lineage: str) -> None:
        """Other states of the same fence go, and files of other formats; of the rest, the
        KEEP most recent stay."""
        for old in self.folder.glob(f"{lineage}-*.json"):
            if old != kept:
                old.unlink(missing_ok=True)
        for old in self.folder.glob("v*-*.json"):
            if not old.name.startswith(f"v{VERSION}-"):
                old.unlink(missing_ok=True)
        saved = sorted(self.folder.glob(f"v{VERSION}-*.json"), key=_mtime, reverse=True)
        for old in saved[KEEP:]:
            old.unlink(missing_ok=True)


def _digest(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return 0.0
