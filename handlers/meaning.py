"""Meaning as its own stage: embedding passages into the store, and how far it has got.

`factdesk index` stores passages at its lexical speed, then `embed_missing` embeds what
has no vector yet, a claimed chunk at a time (store/search/vectors.py), so `factdesk embed`,
the end of an index run and a server's background thread can all run at once and each
passage is embedded once. Servers (`start_server_meaning`) load the model and then keep
embedding what others add, so a file shared in Slack is searchable by meaning within
seconds.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from handlers.embedding import MEANING, Embedder
from handlers.model_files import DIMENSIONS, MODEL
from store import Scope, Store
from store.search.vectors import Coverage

POLL_SECONDS = 2.0  # a server looks for passages without a vector this often
log = logging.getLogger(__name__)


def embed_missing(
    store: Store,
    embedder: Embedder,
    on_progress: Callable[[int], None] | None = None,
    stop: threading.Event | None = None,
) -> int:
    """Embed every passage without a vector; the number this process stored."""
    stored, after = 0, -1
    if not store.vectors.missing(MODEL):  # a server asks every 2 s: two counts, not a scan
        return 0
    while not (stop and stop.is_set()):
        pending = store.vectors.next_pending(MODEL, after)
        if pending is None:
            break
        try:
            vectors = embedder.encode(list(pending.texts))
        except BaseException:
            store.vectors.release(MODEL, pending.chunk)  # for another process, now
            raise
        stored += store.vectors.save(MODEL, pending, vectors)
        after = pending.ids[-1]
        if on_progress:
            on_progress(len(pending.ids))
    return stored


def coverage_line(store: Store, scope: Scope) -> str:
    """'meaning: N of M passages', or why /claim matches words alone."""
    return coverage_text(store.vectors.coverage(scope, MODEL))


def coverage_text(found: Coverage) -> str:
    """The coverage line for counts already read, with the model's state now."""
    line = f"meaning: {found.embedded:,} of {found.passages:,} passages"
    if reason := MEANING.unavailable():
        return f"{line} (off: {reason}; /claim matches words alone)"
    if MEANING.state == "loading":
        return f"{line} (the model is loading; /claim matches words until then)"
    return line


def start_server_meaning(store: Store) -> None:
    """Servers: load the model in the background, then the vector index and a thread that
    embeds whatever any process adds, until the store is closed: in one server process of
    the machine at a time (`Store.embeds_here`), the others open the vectors it stores.
    Until then /claim answers by words."""
    MEANING.start(background=True)
    threading.Thread(
        target=_serve_meaning, args=(store, store.closed), name="factdesk-embed", daemon=True
    ).start()


def _serve_meaning(store: Store, stop: threading.Event) -> None:
    MEANING.wait()
    embedder = MEANING.ready()
    if embedder is None:
        return
    store.start_vector_index(MODEL, DIMENSIONS)
    while not stop.is_set():
        try:
            if store.embeds_here():  # one server process of the machine embeds
                embed_missing(store, embedder, stop=stop)
        except Exception:  # the database is away for a moment: try again next round
            log.warning("meaning: embedding failed; retrying", exc_info=True)
        stop.wait(POLL_SECONDS)
