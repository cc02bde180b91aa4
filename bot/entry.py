"""The `factdesk` program: the CLI imported late, so Ctrl-C while it loads is one line too."""

from __future__ import annotations

import sys

INTERRUPTED = 130


def run() -> int:
    try:
        from bot.cli import main

        return main()
    except KeyboardInterrupt:
        print("factdesk: interrupted", file=sys.stderr)
        return INTERRUPTED
