"""The vector index saved beside the database and opened memory-mapped by every process.

Building the faiss index reads every stored vector and, past EXACT_UNTIL, trains an
inverted file (store/search/vector_index.py): minutes at a million passages. A saved one
is mapped instead, so each gunicorn worker, the console and a one-shot `factdesk claim`
share its pages rather than each holding (and first building) a private copy.

What faiss-cpu 1.15 maps (measured: a 200k-vector file read by two processes, the second
one's private and shared MB from /proc/self/smaps_rollup; one-query search p50 at nprobe 64):
- IndexFlatIP: IO_FLAG_MMAP reads it into memory (336 MB private); IO_FLAG_MMAP_IFC makes
  its codes a view of the mapped file (21 MB private, 332 MB shared).
- IVF,SQ8: IO_FLAG_MMAP gives read-only OnDiskInvertedLists over the file (26 MB private,
  114 shared) but searches at 2.2 ms instead of 0.5; IO_FLAG_MMAP_IFC gives array lists
  viewing the file (22 MB private, 113 shared) at 0.5 ms, as fast as in memory.
So both are opened with IO_FLAG_MMAP_IFC. A mapped index must never be added to (faiss
aborts the process: its vectors are views), so vectors stored since the save are held
beside it, in memory (VectorIndex's tail), and a new save adds them to a private copy.
The rows' passage ids and scope keys are .npy files opened with numpy's mmap_mode='r'.

- A local cache, never the only copy of anything: not used when missing, of another
  format, database or model, truncated or unreadable (one log line), and then rebuilt.
- Stamped with the database's id, the model, and the newest passage-vector row id it
  holds (`through`); rows stored later are read from the database at open.
- Written atomically: a new folder `v<VERSION>-<model>-<through>-<random>` per save, then
  `CURRENT-<model>` (replaced with os.replace) names it; older folders go (a process that
  still maps one keeps its pages).
- Where: a `vectors/` folder in the candidate index's folder (store/search/index_file.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import secrets
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from store.search.index_file import IndexFiles
from store.search.vector_parts import faiss_module

VERSION = 1
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Saved:
    """A saved vector index, opened: the faiss index and its rows' passage ids and scope
    keys (row i of the index is passage ids[i], visible to scope_keys[scopes[i]])."""

    name: str
    index: object  # a faiss index over the mapped file
    ids: np.ndarray
    scopes: np.ndarray
    scope_keys: tuple[tuple[str, str], ...]
    through: int
    trained_on: int


class VectorFiles:
    """The saved vector index of one database and model."""

    def __init__(self, folder: Path, database_id: str, model: str) -> None:
        self.folder, self.database_id, self.model = folder, database_id, model
        self.slug = hashlib.sha256(model.encode()).hexdigest()[:12]

    @classmethod
    def beside(cls, index: IndexFiles, model: str) -> VectorFiles:
        return cls(index.folder / "vectors", index.database_id, model)

    def current(self) -> str | None:
        """The name of the saved version to open, or None when there is none."""
        try:
            return (self.folder / f"CURRENT-{self.slug}").read_text(encoding="utf-8").strip()
        except OSError:
            return None

    def load(self, width: int) -> Saved | None:
        """The current saved index, mapped, or None when there is none fit to open."""
        name = self.current()
        if not name:
            return None
        try:
            return self._open(name, width)
        except (OSError, ValueError, KeyError, RuntimeError) as exc:  # RuntimeError: faiss's
            log.warning(
                "the saved vector index %s cannot be opened (%s); "
                "reading the vectors from the database instead",
                self.folder / name,
                str(exc).splitlines()[0][:200],
            )
            return None

    def _open(self, name: str, width: int) -> Saved | None:
        folder = self.folder / name
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        stamp = (meta.get("version"), meta.get("database"), meta.get("model"), meta.get("width"))
        if stamp != (VERSION, self.database_id, self.model, width):
            raise ValueError("it is of another format, database or model")
        if (folder / "index.faiss").stat().st_size != meta["bytes"]:
            raise ValueError("its index file is not the size it was saved at")
        faiss = faiss_module()
        index = faiss.read_index(str(folder / "index.faiss"), faiss.IO_FLAG_MMAP_IFC)
        ids = np.load(folder / "ids.npy", mmap_mode="r").view(np.ndarray)
        scopes = np.load(folder / "scopes.npy", mmap_mode="r").view(np.ndarray)
        if not index.ntotal == len(ids) == len(scopes) == meta["rows"] or index.d != width:
            raise ValueError("its files disagree with each other")
        keys = tuple(tuple(pair) for pair in meta["scopes"])
        return Saved(name, index, ids, scopes, keys, meta["through"], meta["trained_on"])

    def save(self, saved: Saved, width: int) -> str | None:
        """Write `saved` as a new version and make it current: its name, or None when it
        cannot be written (one log line; the caller answers from what it holds)."""
        name = f"v{VERSION}-{self.slug}-{saved.through}-{secrets.token_hex(4)}"
        folder = self.folder / name
        try:
            folder.mkdir(parents=True)
            faiss_module().write_index(saved.index, str(folder / "index.faiss"))
            np.save(folder / "ids.npy", np.ascontiguousarray(saved.ids, dtype=np.int64))
            np.save(folder / "scopes.npy", np.ascontiguousarray(saved.scopes, dtype=np.int32))
            meta = self._meta(saved, width, (folder / "index.faiss").stat().st_size)
            (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
            pointer = self.folder / f".CURRENT-{self.slug}.{name}"
            pointer.write_text(name, encoding="utf-8")
            os.replace(pointer, self.folder / f"CURRENT-{self.slug}")
        except (OSError, RuntimeError) as exc:
            log.warning(
                "the vector index could not be saved in %s (%s); answering from memory",
                self.folder,
                str(exc).splitlines()[0][:200],
            )
            shutil.rmtree(folder, ignore_errors=True)
            return None
        self._remove_all_but(name)
        return name

    def _meta(self, saved: Saved, width: int, size: int) -> dict:
        return {
            "version": VERSION,
            "database": self.database_id,
            "model": self.model,
            "width": width,
            "through": saved.through,
            "rows": len(saved.ids),
            "trained_on": saved.trained_on,
            "scopes": [list(pair) for pair in saved.scope_keys],
            "bytes": size,
        }

    @contextlib.contextmanager
    def building(self) -> Iterator[None]:
        """One process of this machine builds at a time; the others wait, then open what
        it saved. A folder that cannot be written builds without the lock."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            lock = open(self.folder / f"build-{self.slug}.lock", "w")  # noqa: SIM115
        except OSError:
            yield
            return
        with lock:
            import fcntl

            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def _remove_all_but(self, keep: str) -> None:
        for old in self.folder.glob(f"v{VERSION}-{self.slug}-*"):
            if old.name != keep and old.is_dir():
                shutil.rmtree(old, ignore_errors=True)
