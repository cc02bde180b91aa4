"""`python -m bench.feeds`: feed entries fetched and indexed per second from a local server.

Serves an RSS feed of N article pages (N = 200 by default) on 127.0.0.1, follows it in a
fresh SQLite database and polls until every entry is indexed (ENTRIES_PER_POLL a poll,
as the scheduler would, without waiting between polls). Beside it, in the same run, the
baseline: the same N pages written to files and indexed by `factdesk index`'s code path in
one process, so the difference is what fetching (HTTP, robots.txt, the address checks)
and the feed bookkeeping cost.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import tempfile
import time
from pathlib import Path

from handlers import feeds
from handlers.ingest import ingest_paths
from store import Scope, Store
from tests import pages
from tests.web_server import Route, serving


def from_feed(folder: Path, entries: int) -> dict:
    with serving() as site:
        site.fallback = lambda path: _page(path)
        items = [
            (f"urn:bench:{n}", site.url(f"/entry/{n}"), f"Notebook {n}") for n in range(entries)
        ]
        feed = pages.rss(items)
        site.routes["/rss"] = Route(feed, content_type="application/rss+xml", etag='"b1"')
        store = Store(f"sqlite:///{folder / 'feeds.db'}")
        started = time.perf_counter()
        feeds.add(store, Scope(), False, site.url("/rss"))
        polls = indexed = 0
        while True:
            results = feeds.poll(store, dt.datetime.now(dt.UTC), force=True)
            polls, indexed = polls + 1, indexed + sum(r.indexed for r in results)
            if not any(r.pending for r in results):
                break
        seconds = time.perf_counter() - started
        documents = store.documents.stats(Scope()).documents
        store.close()
    return {"indexed": indexed, "documents": documents, "polls": polls, "seconds": seconds}


def _page(path: str) -> Route | None:
    number = path.removeprefix("/entry/")
    return Route(pages.entry_page(int(number))) if number.isdigit() else None


def from_files(folder: Path, entries: int) -> dict:
    files = folder / "pages"
    files.mkdir()
    for n in range(entries):
        (files / f"entry-{n}.html").write_bytes(pages.entry_page(n))
    store = Store(f"sqlite:///{folder / 'files.db'}")
    summary = ingest_paths(store, [files], Scope())
    store.close()
    return {"indexed": summary.added, "seconds": summary.seconds}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=200)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    os.environ["FACTDESK_FETCH_ALLOW_PRIVATE"] = "1"  # the server is on 127.0.0.1
    os.environ["FACTDESK_INGEST_WORKERS"] = "1"  # the poller is one process: so is the baseline
    with tempfile.TemporaryDirectory() as tmp:
        feed = from_feed(Path(tmp), args.entries)
        files = from_files(Path(tmp), args.entries)
    feed["per_second"] = feed["indexed"] / feed["seconds"]
    files["per_second"] = files["indexed"] / files["seconds"]
    if args.json:
        print(json.dumps({"feed": feed, "files": files}))
        return 0
    print(
        f"feed entries fetched and indexed: {feed['indexed']} in {feed['seconds']:.1f} s "
        f"({feed['polls']} polls) = {feed['per_second']:.1f} entries/s"
    )
    print(
        f"baseline, the same pages from files: {files['indexed']} in {files['seconds']:.1f} s "
        f"= {files['per_second']:.1f} documents/s"
    )
    return 0 if feed["documents"] == args.entries else 1


if __name__ == "__main__":
    raise SystemExit(main())
