"""gunicorn's settings for Factdesk: `gunicorn -c python:bot.gunicorn_config bot.serve:application`.

The arbiter imports, before it forks, the modules every worker would otherwise import on
its own (the app's, Bolt, SQLAlchemy, numpy; the meaning stage's runtime; the readers of
shared files), so the workers share those pages copy-on-write instead of each holding a
copy. The app itself (the store and its connections, the digest scheduler, the index and
embedding threads) is still built in each worker after the fork, when
`bot.serve:application` is first looked up there: no worker shares a connection or a
thread with the arbiter or another worker. Its garbage collector is frozen before each
fork, so a worker's collections do not write to the pages it shares (see `gc.freeze`), and
glibc's malloc keeps at most MALLOC_ARENAS arenas (unless MALLOC_ARENA_MAX is set), which
the workers inherit: one arena per thread of a threaded worker holds freed memory apart.
"""

from __future__ import annotations

import ctypes
import gc
import importlib
import os
import sys

# What a worker imports after the fork when it builds the app and answers: one optional
# extra may be missing (then the worker never imports it either). Not onnxruntime: its
# import starts a thread, which a forked worker does not have and its exit then tries to
# join (std::system_error, SIGABRT, and gunicorn waits out its graceful timeout).
PRELOADED = (
    "bot.serve",
    "apscheduler.schedulers.background",
    "handlers.onnx_encoder",
    "tokenizers",
    "faiss",
    "pypdf",
    "docx",
    "trafilatura",
    # What a worker still imported on its own after the fork, answering /claim, /who and
    # /figures (bench/workers.py): numpy's masked arrays (numpy imports them on first use),
    # the digest scheduler's trigger, the IDNA codec of its HTTP client, anyascii's tables.
    "numpy.ma",
    "apscheduler.triggers.interval",
    "encodings.idna",
    "importlib.resources.readers",
    "anyascii._data",
)

MALLOC_ARENAS = 2
# Each worker's SQLite connections (five pooled) cache at most this many KiB of pages apiece
# instead of SQLite's 2,000 (unless FACTDESK_SQLITE_CACHE_KB is set): the pages are the
# worker's own heap, over the system's file cache that every worker shares. 7 MB less
# private memory a worker at 1M sentences (120 slash commands), the same answers.
WORKER_SQLITE_CACHE_KB = "256"
M_ARENA_MAX = -8  # mallopt's parameter (glibc's malloc.h)


def preload(modules: tuple[str, ...] = PRELOADED) -> list[str]:
    """Import `modules`, those installed; the names imported."""
    imported = []
    for name in modules:
        try:
            importlib.import_module(name)
        except ImportError:
            continue
        imported.append(name)
    return imported


def limit_malloc_arenas(arenas: int = MALLOC_ARENAS) -> bool:
    """At most `arenas` malloc arenas in this process and those it forks (glibc only)."""
    if os.environ.get("MALLOC_ARENA_MAX"):
        return False  # set by whoever runs it: glibc has read it already
    try:
        return bool(ctypes.CDLL(None).mallopt(M_ARENA_MAX, arenas))
    except (OSError, AttributeError, TypeError):  # not glibc: nothing to limit
        return False


def limit_sqlite_cache(kb: str = WORKER_SQLITE_CACHE_KB) -> None:
    """The workers' SQLite page cache, unless FACTDESK_SQLITE_CACHE_KB is set (they inherit
    the arbiter's environment)."""
    from store import SQLITE_CACHE_ENV  # imported by preload() already

    os.environ.setdefault(SQLITE_CACHE_ENV, kb)


def on_starting(server) -> None:
    """gunicorn's hook, in the arbiter before any worker: a missing or wrong setting stops
    the boot with its one line and exit code 2, not with each worker's traceback."""
    from bot import settings
    from bot.env_check import check_environment

    try:
        settings.load_env_file()
        check_environment()
        settings.load("http")
    except settings.SettingsError as exc:
        print(f"factdesk: {exc}", file=sys.stderr)
        sys.exit(2)


def pre_fork(server, worker) -> None:
    """gunicorn's hook, in the arbiter: what is alive now stays out of the workers' collections."""
    gc.freeze()


limit_malloc_arenas()
gc.disable()  # no collections while importing: freed holes would stop pages being shared
preload()
limit_sqlite_cache()
gc.enable()  # the arbiter's own collections; frozen objects are left alone
