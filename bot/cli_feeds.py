"""`factdesk feeds add|list|remove|poll`: following RSS and Atom feeds from the command line."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from dataclasses import asdict

from bot.slack.alerts import poster_from_environment
from handlers import feeds, watch_post
from store import Scope, Store


def add_parser(sub, common) -> None:
    text = "follow RSS/Atom feeds: add URL, list, remove N, poll (every feed, now)"
    parser = sub.add_parser("feeds", help=text, description=text)
    parser.add_argument(
        "action", nargs="?", default="list", choices=("add", "list", "remove", "poll")
    )
    parser.add_argument("target", nargs="?", metavar="URL|N", help="the feed URL, or its number")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    common(parser)


def cmd_feeds(store: Store, args: argparse.Namespace, scope: Scope) -> int:
    if args.action in ("add", "remove") and not args.target:
        target = "URL" if args.action == "add" else "N"
        print(f"usage: factdesk feeds {args.action} {target}", file=sys.stderr)
        return 2
    if args.action == "add":
        line = feeds.add(store, scope, bool(scope.channel), args.target)
        print(line)
        return 0 if line.startswith("Feed ") else 1
    if args.action == "remove":
        line = feeds.remove(store, scope.workspace, scope.channel, args.target)
        print(line)
        return 0 if line.endswith("stays indexed.") else 1
    if args.action == "list":
        return _list(store, scope, args.json)
    return _poll(store, args.json)


def _list(store: Store, scope: Scope, as_json: bool) -> int:
    if as_json:
        rows = store.feeds.all(scope.workspace, scope.channel)
        print(json.dumps({"feeds": [asdict(r) for r in rows]}, ensure_ascii=False))
    else:
        print(feeds.listing(store, scope.workspace, scope.channel))
    return 0


def _poll(store: Store, as_json: bool) -> int:
    results = feeds.poll(store, dt.datetime.now(dt.UTC), force=True)
    for result in results:
        print(json.dumps(asdict(result)) if as_json else result.line)
    if not results and not as_json:
        print("No feeds to poll. Add one: factdesk feeds add URL", file=sys.stderr)
    notify(store, results)
    return 1 if results and not any(r.ok for r in results) else 0


def notify(store: Store, results: list[feeds.PollResult]) -> None:
    """Watch alerts for what the poll indexed, when Slack is configured."""
    ids = [(r.workspace, d) for r in results for d in r.document_ids]
    poster = poster_from_environment() if ids else None
    for workspace in {w for w, _ in ids}:
        watch_post.notify(store, poster, workspace, [d for w, d in ids if w == workspace])
