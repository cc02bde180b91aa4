"""`factdesk index`: files, folders and links into the archive from the command line."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bot import cli_archive as archive
from bot import cli_conventions as conventions
from bot import cli_meaning as meaning
from bot import progress
from bot.settings import memory_index_wanted
from bot.slack.alerts import poster_from_environment
from handlers import links, watch_post
from handlers.ingest import discover, ingest_paths
from handlers.people import save_people
from store import Scope, Store


def add_parser(sub, common) -> None:
    index = sub.add_parser(
        "index", help="index files, folders (.txt .md .html .pdf .docx) and http(s) links"
    )
    index.add_argument("paths", nargs="+", metavar="PATH|URL")
    index.add_argument("--json", action="store_true", help="machine-readable summary")
    index.add_argument(
        "--prune",
        action="store_true",
        help="forget documents under these folders whose file is gone",
    )
    meaning.add_no_embed(index)
    common(index)


def _files(paths: list[Path]) -> list[Path]:
    """The files to index under `paths`; one line for each path that is missing or holds none."""
    for path in paths:
        if not path.exists():
            print(f"{path}: no such file or folder", file=sys.stderr)
    return list(discover(p for p in paths if p.exists()))


def cmd_index(store: Store, args: argparse.Namespace, scope: Scope) -> int:
    urls = [p for p in args.paths if links.is_url(p)]
    paths = [Path(p) for p in args.paths if not links.is_url(p)]
    files = _files(paths)
    if not files and not urls:
        for folder in (p for p in paths if p.is_dir()):
            print(f"{folder}: {conventions.nothing_to_index(folder)}", file=sys.stderr)
    started = time.perf_counter()
    with progress.reporter(len(files) + len(urls), as_json=args.json) as on_file:
        summary = ingest_paths(store, files, scope, on_file)
        for outcome in links.ingest_urls(store, urls, scope, on_file):
            summary.count(outcome)
    summary.seconds = time.perf_counter() - started
    pruned = archive.prune(store, scope, paths, args.json) if args.prune else None
    progress.summary(summary, as_json=args.json, pruned=pruned)
    watch_post.after_index(store, poster_from_environment, scope.workspace, summary.outcomes)
    if summary.indexed and memory_index_wanted():
        store.open_index(build=True)  # saved for the commands and servers that come next
    if summary.indexed or pruned:
        _save_people(store, Scope(scope.workspace))
    if summary.passages and not args.no_embed:
        meaning.embed(store, scope)  # its own stage: words are searchable already
    return 0 if summary.indexed or pruned else 1


def _save_people(store: Store, workspace: Scope) -> None:
    """The workspace's people, clustered now and saved for the next command that names
    someone (a private channel's are left to the commands asked in it)."""
    started = time.perf_counter()
    progress.people_saved(save_people(store, workspace), time.perf_counter() - started)
