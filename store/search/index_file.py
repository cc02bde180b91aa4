"""The candidate index's first segment, saved beside the database and opened with mmap.

Building the index reads every passage (10-13 s at a million sentences); opening a saved
one maps its arrays and reads its vocabulary (well under a second), and every process
that opens it shares the mapped pages: each gunicorn worker, each `factdesk claim`.

- A local cache, never the only copy of anything: rebuilt from the database whenever it
  is missing, of another format, of another database, or ahead of the database.
- Stamped with the database's id (a random id kept in `factdesk_meta`) and the newest
  passage id it holds. Passages added later are read from the database into an extra
  segment at open; passages deleted since are masked (store/search/memory.py).
- Written atomically: each save is a new folder `v<VERSION>-<through>-<random>`, and
  `CURRENT` (replaced with os.replace) names the one to open. Older folders are removed
  after a save; a process that still maps one keeps its pages (Linux keeps a deleted
  file's pages while it is mapped).
- Where: beside a SQLite file (`archive.db.index/`); for PostgreSQL in
  FACTDESK_INDEX_DIR, else the user's cache folder, one per machine.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from sqlalchemy.engine import make_url

from store.search.segment import Segment
from store.search.vocabulary import SortedTerms

VERSION = 2  # 2: terms sorted, as terms.bin + starts.npy (store/search/vocabulary.py)
ARRAYS = ("ids", "documents", "lengths", "scopes", "figures", "offsets", "postings", "starts")
Scopes = tuple[tuple[str, str], ...]
log = logging.getLogger(__name__)


class IndexFiles:
    """The saved index of one database, in one folder."""

    def __init__(self, folder: Path, database_id: str) -> None:
        self.folder, self.database_id = folder, database_id

    @classmethod
    def for_database(cls, url: str, database_id: str) -> IndexFiles | None:
        """Where this database's index is kept, or None for an in-memory database."""
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            path = parsed.database
            if not path or path == ":memory:":
                return None
            return cls(Path(path + ".index"), database_id)
        chosen = os.environ.get("FACTDESK_INDEX_DIR")
        base = Path(chosen) if chosen else _user_cache() / "factdesk"
        return cls(base / database_id, database_id)

    # -- reading -----------------------------------------------------------

    def load(self) -> tuple[Segment, Scopes] | None:
        """The saved segment and its scopes, or None when there is none fit to open."""
        try:
            current = (self.folder / "CURRENT").read_text(encoding="utf-8").strip()
            folder = self.folder / current
            meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
            if meta.get("version") != VERSION or meta.get("database") != self.database_id:
                return None
            return _open(folder, meta)
        except (OSError, ValueError, KeyError) as exc:
            if not isinstance(exc, FileNotFoundError):
                log.warning("the saved index in %s cannot be opened (%s)", self.folder, exc)
            return None

    # -- writing -----------------------------------------------------------

    def save(self, segment: Segment, scopes: Scopes) -> None:
        """Write the segment as a new version and make it the current one."""
        name = f"v{VERSION}-{segment.through}-{secrets.token_hex(4)}"
        folder = self.folder / name
        folder.mkdir(parents=True)
        blob, columns = _sorted_by_term(segment)
        for column in ARRAYS:
            np.save(folder / f"{column}.npy", columns[column])
        (folder / "terms.bin").write_bytes(blob.tobytes())
        meta = {
            "version": VERSION,
            "database": self.database_id,
            "through": segment.through,
            "rows": len(segment.ids),
            "scopes": [list(s) for s in scopes],
        }
        (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
        pointer = self.folder / f"CURRENT.{name}"
        pointer.write_text(name, encoding="utf-8")
        os.replace(pointer, self.folder / "CURRENT")
        self._remove_all_but(name)

    @contextlib.contextmanager
    def building(self) -> Iterator[None]:
        """One process of this machine builds at a time; the others wait, then open what it
        saved instead of building the same thing again."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder / "build.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _remove_all_but(self, keep: str) -> None:
        for old in self.folder.glob("v*-*"):
            if old.name != keep and old.is_dir():
                shutil.rmtree(old, ignore_errors=True)


def _sorted_by_term(segment: Segment) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The segment's columns with its terms in sorted order, so that a term's id is its
    place in SortedTerms; each term's postings move with it."""
    terms = sorted(segment.terms)
    old = np.fromiter((segment.terms.get(t) for t in terms), dtype=np.int64, count=len(terms))
    counts = np.diff(segment.offsets)[old]
    offsets = np.zeros(len(terms) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    shift = np.repeat(segment.offsets[old] - offsets[:-1], counts)
    postings = segment.postings[np.arange(int(offsets[-1])) + shift]
    blob, starts = SortedTerms.encode(terms)
    columns = {c: np.ascontiguousarray(getattr(segment, c)) for c in ARRAYS[:5]}
    return blob, {**columns, "offsets": offsets, "postings": postings, "starts": starts}


def _mapped(array: np.memmap) -> np.ndarray:
    """A plain array over the same mapped pages. np.memmap's own __getitem__ is Python code
    that wraps every result: a term lookup (a binary search over `starts` and `terms.bin`)
    spent 0.41 of 1.7 s of `claim --batch` over 52 queries at 1M passages in it."""
    return array.view(np.ndarray)


def _open(folder: Path, meta: dict) -> tuple[Segment, Scopes]:
    arrays = {c: _mapped(np.load(folder / f"{c}.npy", mmap_mode="r")) for c in ARRAYS}
    starts = arrays.pop("starts")
    size = (folder / "terms.bin").stat().st_size
    blob = (
        _mapped(np.memmap(folder / "terms.bin", dtype=np.uint8, mode="r"))
        if size
        else np.zeros(0, np.uint8)
    )
    terms = SortedTerms(blob, starts)
    rows, ends = meta["rows"], int(starts[-1]) if len(starts) else -1
    if len(arrays["ids"]) != rows or len(arrays["offsets"]) != len(starts) or ends != size:
        raise ValueError("its files disagree with each other")
    segment = Segment(**arrays, terms=terms, alive=all_alive(len(arrays["ids"])))
    return segment, tuple(tuple(s) for s in meta["scopes"])


def all_alive(rows: int) -> np.ndarray:
    """`rows` Trues in no memory of their own (a read-only view of one): a segment's mask is
    only ever read or combined into a new one (1 MB a process at 1M passages)."""
    return np.broadcast_to(np.True_, (rows,))


def _user_cache() -> Path:
    chosen = os.environ.get("XDG_CACHE_HOME")
    return Path(chosen) if chosen else Path.home() / ".cache"
