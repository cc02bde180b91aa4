"""`python -m bot` / `factdesk`: the command line, Factdesk's first transport."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from bot import cli_archive as archive
from bot import cli_conventions as conventions
from bot import cli_digest as digest
from bot import cli_feeds, commands, console, progress
from bot import cli_meaning as meaning
from bot.env_check import check_environment, check_socket_pair
from bot.render.text import render
from bot.settings import (
    SettingsError,
    load_env_file,
    memory_index_wanted,
    socket_mode_configured,
)
from bot.slack.alerts import poster_from_environment
from handlers import links, watch_post
from handlers import who as who_handler
from handlers.ingest import discover, ingest_paths
from store import URL_ENV, Scope, Store, StoreError

EXIT_USAGE = conventions.EXIT_USAGE


def _common(parser: argparse.ArgumentParser, default: object = argparse.SUPPRESS) -> None:
    """Options every command takes, before or after its name (the main parser's defaults
    are None; a subcommand's are SUPPRESS, so it never overwrites one given before it)."""
    parser.add_argument(
        "--db",
        default=default,
        help="database URL or SQLite file (default: $FACTDESK_DATABASE_URL or factdesk.db)",
    )
    parser.add_argument(
        "--workspace",
        default=default,
        help="workspace whose documents to use (default: $FACTDESK_WORKSPACE or 'local')",
    )
    parser.add_argument(
        "--channel", default=default, help="also use documents fenced to this channel"
    )


def _query_command(sub, name: str, metavar: str) -> argparse.ArgumentParser:
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
    _common(parser)
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = conventions.Parser(
        prog="factdesk",
        description="Factdesk: answers from your newsroom's sources.",
        epilog="exit codes: 0 ok, 1 nothing found or indexed, 2 usage or settings, 130 interrupted",
    )
    _common(parser, default=None)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
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
    _common(index)
    archive.add_parsers(sub, _common)
    _query_command(sub, "claim", "TEXT")
    who = _query_command(sub, "who", "NAME")
    who.add_argument("--merge", nargs=2, metavar=("A", "B"), help="treat A and B as one person")
    who.add_argument(
        "--split", nargs=2, metavar=("NAME", "SPELLING"), help="SPELLING is not NAME: keep it apart"
    )
    who.add_argument("--edits", action="store_true", help="list editors' merges and splits")
    who.add_argument("--undo", type=int, metavar="N", help="remove edit N (see --edits)")
    figures = _query_command(sub, "figures", "TOPIC")
    figures.add_argument("--chart", type=Path, metavar="PNG", help="also draw the figures (PNG)")
    digest.add_parser(sub, _common)
    cli_feeds.add_parser(sub, _common)
    meaning.add_parser(sub, _common)
    stats = sub.add_parser("stats", help="what is indexed")
    stats.add_argument("--json", action="store_true", help="machine-readable output")
    _common(stats)
    for name, text in (
        ("run", "the main job: Slack bot with credentials, else the console"),
        ("console", "index samples/ and answer commands typed on standard input"),
    ):
        extra = sub.add_parser(name, help=text, description=text)
        _common(extra)
    serve = sub.add_parser(
        "serve", help="the Slack app over HTTP: POST /slack/events, GET /healthz"
    )
    serve.add_argument("--port", type=int, default=3000, help="port to listen on (default 3000)")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    _common(serve)
    return parser


def _scope(args: argparse.Namespace) -> Scope:
    return Scope(args.workspace or commands.default_workspace(), args.channel)


def _emit(answer, as_json: bool, out: Callable[[str], None]) -> None:
    if as_json:
        out(conventions.as_json(answer))
    else:
        out(render(answer))


def _queries(args: argparse.Namespace) -> list[str]:
    if args.batch is None:
        return [" ".join(args.text).strip()]
    return conventions.batch_queries(args.batch)


def cmd_query(store: Store, args: argparse.Namespace) -> int:
    queries = _queries(args)
    if args.command == "who" and queries == [""]:
        _emit(who_handler.people(store, _scope(args), limit=max(args.limit, 20)), args.json, print)
        return 0
    if not any(queries):
        print(commands.COMMANDS[args.command].usage, file=sys.stderr)
        return EXIT_USAGE
    if memory_index_wanted():  # the saved candidate index; a batch builds it if missing
        store.open_index(build=len(queries) > 1)
    if args.command == "claim":
        meaning.for_claims(store)
    for query in queries:
        _emit(
            commands.answer(store, args.command, query, _scope(args), args.limit), args.json, print
        )
    if getattr(args, "chart", None):
        digest.write_chart(store, queries[0], _scope(args), args.limit, args.chart)
    return 0


def cmd_who_edit(store: Store, args: argparse.Namespace) -> int:
    scope = _scope(args)
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


def cmd_index(store: Store, args: argparse.Namespace) -> int:
    urls = [p for p in args.paths if links.is_url(p)]
    paths = [Path(p) for p in args.paths if not links.is_url(p)]
    for path in paths:
        if not path.exists():
            print(f"{path}: no such file or folder", file=sys.stderr)
    files = list(discover(p for p in paths if p.exists()))
    if not files and not urls:
        for folder in (p for p in paths if p.is_dir()):
            print(f"{folder}: {conventions.nothing_to_index(folder)}", file=sys.stderr)
    started = time.perf_counter()
    with progress.reporter(len(files) + len(urls), as_json=args.json) as on_file:
        summary = ingest_paths(store, files, _scope(args), on_file)
        for outcome in links.ingest_urls(store, urls, _scope(args), on_file):
            summary.count(outcome)
    summary.seconds = time.perf_counter() - started
    pruned = archive.prune(store, _scope(args), paths, args.json) if args.prune else None
    progress.summary(summary, as_json=args.json, pruned=pruned)
    watch_post.after_index(store, poster_from_environment, _scope(args).workspace, summary.outcomes)
    if summary.indexed and memory_index_wanted():
        store.open_index(build=True)  # saved for the commands and servers that come next
    if summary.passages and not args.no_embed:
        meaning.embed(store, _scope(args))  # its own stage: words are searchable already
    return 0 if summary.indexed or pruned else 1


def cmd_stats(store: Store, args: argparse.Namespace) -> int:
    _emit(commands.stats(store, _scope(args)), args.json, print)
    return 0


def dispatch(store: Store, args: argparse.Namespace) -> int:
    if args.command == "index":
        return cmd_index(store, args)
    if args.command == "stats":
        return cmd_stats(store, args)
    if args.command == "feeds":
        return cli_feeds.cmd_feeds(store, args, _scope(args))
    if args.command == "forget":
        return archive.cmd_forget(store, args, _scope(args))
    if args.command == "retract":
        return archive.cmd_retract(store, args, _scope(args))
    if args.command == "digest":
        return digest.cmd_digest(store, args, _scope(args))
    if args.command == "embed":
        return meaning.embed(store, _scope(args), args.json, args.export)
    if args.command == "who" and (args.merge or args.split or args.edits or args.undo is not None):
        return cmd_who_edit(store, args)
    if args.command in ("run", "console"):
        return cmd_run(store, args)
    if args.command == "serve":
        return cmd_serve(store, args)
    return cmd_query(store, args)


def _slack_wanted(args: argparse.Namespace) -> bool:
    """`run` serves Slack in Socket Mode when SLACK_BOT_TOKEN and SLACK_APP_TOKEN are set."""
    return args.command == "run" and socket_mode_configured()


def _demo(args: argparse.Namespace) -> bool:
    """The console over its demo database: neither --db nor FACTDESK_DATABASE_URL given."""
    given = args.db or os.environ.get(URL_ENV, "").strip()
    return not given and not _slack_wanted(args)


def cmd_run(store: Store, args: argparse.Namespace) -> int:
    """`run`: the Slack app in Socket Mode with its tokens, else the console; `console`."""
    if _slack_wanted(args):
        return cmd_serve(store, args, mode="socket")
    return console.main_job(store, _scope(args), demo=_demo(args))


def cmd_serve(store: Store, args: argparse.Namespace, mode: str = "http") -> int:
    from bot import serve, settings

    serve.configure_logging()
    chosen = replace(settings.load(mode), workspace=_scope(args).workspace)
    if mode == "socket":
        return serve.serve_socket_mode(store, chosen)
    return serve.serve_http(store, chosen, args.host, args.port)


def main(argv: list[str] | None = None) -> int:
    """The command line; Ctrl-C anywhere is one line and exit code 130."""
    try:
        return _main(argv)
    except KeyboardInterrupt:
        print("factdesk: interrupted", file=sys.stderr)
        return conventions.EXIT_INTERRUPTED


def _missing_query(args: argparse.Namespace) -> bool:
    asks = args.command in ("claim", "figures") and getattr(args, "batch", None) is None
    return asks and not " ".join(args.text).strip()


def _open(args: argparse.Namespace) -> Store:
    check_environment()
    if args.command == "run":
        check_socket_pair()
    if args.command in ("run", "console") and _demo(args):
        return Store(console.DEMO_URL)
    return conventions.open_store(args.command, args.db)


def _main(argv: list[str] | None) -> int:
    load_env_file()  # every command: the settings of README step 4 reach step 5
    args = build_parser().parse_args(argv)
    if _missing_query(args):  # a usage mistake is named before the archive is looked for
        print(commands.COMMANDS[args.command].usage, file=sys.stderr)
        return EXIT_USAGE
    try:
        store = _open(args)
    except (StoreError, SettingsError) as exc:
        print(f"factdesk: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        return dispatch(store, args)
    except conventions.NotFound as exc:
        print(f"factdesk: {exc}", file=sys.stderr)
        return conventions.EXIT_NOTHING
    except BrokenPipeError:  # `factdesk … | head` stopped reading: nothing more to say
        conventions.silence_stdout()
        return conventions.EXIT_NOTHING
    except (OSError, SettingsError, StoreError, conventions.UsageError) as exc:
        print(f"factdesk: {exc}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        store.close()
