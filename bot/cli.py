"""`python -m bot` / `factdesk`: the command line, Factdesk's first transport."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace

from bot import cli_archive as archive
from bot import cli_conventions as conventions
from bot import cli_digest as digest
from bot import cli_feeds, cli_index, cli_query, commands, console
from bot import cli_meaning as meaning
from bot.env_check import check_environment, check_socket_pair
from bot.settings import SettingsError, load_env_file, socket_mode_configured
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


def build_parser() -> argparse.ArgumentParser:
    parser = conventions.Parser(
        prog="factdesk",
        description="Factdesk: answers from your newsroom's sources.",
        epilog="exit codes: 0 ok, 1 nothing found or indexed, 2 usage or settings, 130 interrupted",
    )
    _common(parser, default=None)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    cli_index.add_parser(sub, _common)
    archive.add_parsers(sub, _common)
    cli_query.add_parsers(sub, _common)
    digest.add_parser(sub, _common)
    cli_feeds.add_parser(sub, _common)
    meaning.add_parser(sub, _common)
    cli_query.add_stats_parser(sub, _common)
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


def dispatch(store: Store, args: argparse.Namespace) -> int:
    if args.command == "index":
        return cli_index.cmd_index(store, args, _scope(args))
    if args.command == "stats":
        return cli_query.cmd_stats(store, args, _scope(args))
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
    if cli_query.edits_people(args):
        return cli_query.cmd_who_edit(store, args, _scope(args))
    if args.command in ("run", "console"):
        return cmd_run(store, args)
    if args.command == "serve":
        return cmd_serve(store, args)
    return cli_query.cmd_query(store, args, _scope(args))


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
