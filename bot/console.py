"""The local console: the same commands as Slack, typed on standard input."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from bot import commands, progress
from bot.commands import parse
from bot.render.text import render
from bot.settings import memory_index_wanted
from handlers import who as who_handler
from handlers.ingest import ingest_paths
from handlers.meaning import start_server_meaning
from store import Scope, Store

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
PROMPT = "factdesk> "
# Without a database setting, the console answers from a demo database of its own, so the
# sample briefs never enter a real archive.
DEMO_URL = "sqlite:///factdesk-demo.db"
DEMO_LINE = "demo: {n} sample briefs; index your own with factdesk index PATH"


def help_text() -> str:
    """What the console takes: Slack's questions, /who alone; the digest and watches are
    set from Slack (they post to a channel), so they are not listed here."""
    lines = ["Commands (as in Slack, where /factdesk also sets the daily digest and watches):"]
    found = [*commands.help_lines(), commands.summary_of(who_handler.people)]
    lines += [f"  /{line.lstrip('/')}" for line in found]
    lines += ["  help – this list", "  quit – leave (or end of input)"]
    return "\n".join(lines)


def reply(store: Store, scope: Scope, line: str) -> str | None:
    """The answer to one console line; None means quit."""
    name, text = parse(line)
    if name in ("quit", "exit"):
        return None
    if name in ("help", "?", ""):
        return help_text() if name else ""
    if name not in commands.COMMANDS:
        return f"Unknown command {name!r}. Type help for the list."
    if name == "who" and not text:
        return render(who_handler.people(store, scope, limit=20))
    if not text:
        return commands.COMMANDS[name].usage
    return render(commands.answer(store, name, text, scope))


def loop(store: Store, scope: Scope, lines: Iterable[str], out: TextIO, prompt: bool) -> None:
    if prompt:
        out.write(PROMPT)
        out.flush()
    for line in lines:
        answer = reply(store, scope, line)
        if answer is None:
            return
        if answer:
            out.write(answer + "\n")
        if prompt:
            out.write(PROMPT)
        out.flush()


def index_samples(store: Store, scope: Scope) -> None:
    """The demo database: the sample briefs (indexed once; unchanged ones are skipped)."""
    files = sorted(SAMPLES.glob("*.txt"))
    summary = ingest_paths(store, files, scope)
    for outcome in summary.outcomes:
        if outcome.status == "skipped":
            print(progress.describe(outcome), file=sys.stderr)
    print(DEMO_LINE.format(n=summary.indexed), file=sys.stderr)


def _archive_line(store: Store, scope: Scope) -> None:
    count = store.document_count(scope)
    if not count:
        print("the archive is empty: index documents with factdesk index PATH", file=sys.stderr)


def main_job(store: Store, scope: Scope, demo: bool = False) -> int:
    """Answer commands from standard input until it ends (over the sample briefs in the
    demo database when `demo`)."""
    if demo:
        index_samples(store, scope)
    else:
        _archive_line(store, scope)
    if memory_index_wanted():
        store.start_memory_index()
    start_server_meaning(store)
    interactive = sys.stdin.isatty()
    if interactive:
        print(help_text())
    loop(store, scope, sys.stdin, sys.stdout, prompt=interactive)
    return 0
