"""`factdesk claim|who|figures|stats`: questions to the archive from the command line, one
query, a `--batch` of them, or who's-who edits."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from bot import cli_conventions as conventions
from bot import cli_digest as digest
from bot import cli_meaning as meaning
from bot import commands
from bot.render.text import render
from bot.settings import memory_index_wanted
from handlers import who as who_handler
from store import Scope, Store


def _query_command(sub, common, name: str, metavar: str) -> argparse.ArgumentParser:
    spec = commands.COMMANDS[name]
    parser = sub.add_parser(name, help=spec.summary, description=spec.summary)
    parser.add_argument("text", nargs="*", metavar=metavar)
    parser.add_argument(
        "--limit", type=conventions.at_least_one, default=5, help="results per query (default 5)"
    )
    parser.add_argument(
        "--batch", type=Path, metavar="FILE", help="one query per line ('-' for standard input)"
    )
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    common(parser)
    return parser


def add_parsers(sub, common) -> None:
    """claim, who (with its edits) and figures."""
    _query_command(sub, common, "claim", "TEXT")
    who = _query_command(sub, common, "who", "NAME")
    who.add_argument("--merge", nargs=2, metavar=("A", "B"), help="treat A and B as one person")
    who.add_argument(
        "--split", nargs=2, metavar=("NAME", "SPELLING"), help="SPELLING is not NAME: keep it apart"
    )
    who.add_argument("--edits", action="store_true", help="list editors' merges and splits")
    who.add_argument("--undo", type=int, metavar="N", help="remove edit N (see --edits)")
    figures = _query_command(sub, common, "figures", "TOPIC")
    figures.add_argument("--chart", type=Path, metavar="PNG", help="also draw the figures (PNG)")


def add_stats_parser(sub, common) -> None:
    stats = sub.add_parser("stats", help="what is indexed")
    stats.add_argument("--json", action="store_true", help="machine-readable output")
    common(stats)


def emit(answer, as_json: bool, out: Callable[[str], None] = print) -> None:
    if as_json:
        out(conventions.as_json(answer))
    else:
        out(render(answer))


def _queries(args: argparse.Namespace) -> list[str]:
    if args.batch is None:
        return [" ".join(args.text).strip()]
    return conventions.batch_queries(args.batch)


def cmd_query(store: Store, args: argparse.Namespace, scope: Scope) -> int:
    queries = _queries(args)
    if args.command == "who" and queries == [""]:
        emit(who_handler.people(store, scope, limit=max(args.limit, 20)), args.json)
        return 0
    if not any(queries):
        print(commands.COMMANDS[args.command].usage, file=sys.stderr)
        return conventions.EXIT_USAGE
    if memory_index_wanted():  # the saved candidate index; a batch builds it if missing
        store.open_index(build=len(queries) > 1)
    if args.command == "claim":
        meaning.for_claims(store)
    if args.command == "figures":
        meaning.for_figures(queries)
    for query in queries:
        emit(commands.answer(store, args.command, query, scope, args.limit), args.json)
    if getattr(args, "chart", None):
        digest.write_chart(store, queries[0], scope, args.limit, args.chart)
    return 0


def edits_people(args: argparse.Namespace) -> bool:
    """`who --merge|--split|--edits|--undo`: an edit of who is who, not a query."""
    return args.command == "who" and bool(
        args.merge or args.split or args.edits or args.undo is not None
    )


def cmd_who_edit(store: Store, args: argparse.Namespace, scope: Scope) -> int:
    if args.merge:
        for name in args.merge:
            conventions.known_person(store, scope, name)
        print(who_handler.merge(store, scope, *args.merge))
    elif args.split:
        print(who_handler.split(store, scope, *args.split))
    elif args.undo is not None:
        conventions.known_edit(store, scope, args.undo)
        print(who_handler.undo(store, scope, args.undo))
    else:
        print(who_handler.list_edits(store, scope))
    return 0


def cmd_stats(store: Store, args: argparse.Namespace, scope: Scope) -> int:
    emit(commands.stats(store, scope), args.json)
    return 0
