"""`python -m bot digest` and `figures --chart`: the digest and the chart from the command line."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

from bot.cli_conventions import as_json
from bot.render import digest as digest_render
from bot.settings import SettingsError
from handlers.digest import digest
from handlers.figures import figure_groups
from store import Scope, Store

_SPAN = re.compile(r"^(\d+)\s*([mhd])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days"}


def add_parser(sub, common) -> None:
    text = "what changed: new documents, figures in dispute, new people, failed checks"
    parser = sub.add_parser("digest", help=text, description=text)
    parser.add_argument("--since", default="24h", help="30m, 24h, 7d or a date (default 24h)")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--post", metavar="CHANNEL", help="post it to this Slack channel now")
    common(parser)


def since(text: str, now: dt.datetime) -> dt.datetime:
    """'24h' -> a day before `now`; '2024-11-08' -> that day's start, UTC."""
    found = _SPAN.match(text.strip().lower())
    if found:
        return now - dt.timedelta(**{_UNITS[found.group(2)]: int(found.group(1))})
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise SettingsError(f"--since {text!r}: use 30m, 24h, 7d or a date") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def cmd_digest(store: Store, args: argparse.Namespace, scope: Scope) -> int:
    now = dt.datetime.now(dt.UTC)
    found = digest(store, scope, since(args.since, now), now)
    if args.post:
        from bot.scheduler import deliver
        from bot.slack.client import slack_client
        from handlers.digest_run import Delivery

        deliver(slack_client(), args.post, found, Delivery())
        print(f"posted the digest to {args.post}", file=sys.stderr)
    elif args.json:
        print(as_json(found))
    else:
        print(digest_render.text(found))
    return 0


def write_chart(store: Store, topic: str, scope: Scope, limit: int, out: Path) -> None:
    from bot.render.chart import figures_chart  # matplotlib: ~1 s of start-up, only for a chart

    out.write_bytes(figures_chart(figure_groups(store, topic, scope, limit)))
    print(f"chart written to {out}", file=sys.stderr)
