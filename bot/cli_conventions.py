"""What every `factdesk` command shares: exit codes, the parser's manners, the database
setting, `--batch` files, and the checks that make a mistyped name an error, not a no-op."""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import json
import os
import re
import sys
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import NoReturn

from handlers import who as who_handler
from store import Scope, Store

EXIT_OK, EXIT_NOTHING, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
# Commands that only read: they never create a database where there is none.
READ_ONLY = frozenset({"claim", "who", "figures", "stats", "digest"})
_INVALID_CHOICE = re.compile(r"argument COMMAND: invalid choice: '([^']*)'")


class UsageError(Exception):
    """A command line that cannot be run as written; the message is one line (exit 2)."""


class NotFound(Exception):
    """What the command names does not exist; the message says what does (exit 1)."""


class Parser(argparse.ArgumentParser):
    """argparse, but a mistyped command gets "did you mean figures?"."""

    def error(self, message: str) -> NoReturn:
        found = _INVALID_CHOICE.search(message)
        if found:
            message = unknown_command(found.group(1), self.commands())
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")

    def commands(self) -> list[str]:
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction):
                return list(action.choices)
        return []


def as_json(answer: object) -> str:
    """`--json`: the answer's `asdict`, dates and times in ISO 8601."""
    return json.dumps(asdict(answer), ensure_ascii=False, default=_iso)


def _iso(value: object) -> str:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def unknown_command(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]}?" if close else f"the commands are {', '.join(known)}"
    return f"unknown command {name!r}: {hint}"


def at_least_one(text: str) -> int:
    """--limit N: a whole number, 1 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1 (got {value})")
    return value


def database_setting(value: str | None) -> str | None:
    """--db: a URL as given; a plain path (no "://") means that SQLite file."""
    if not value or "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser()}"


def open_store(command: str, db: str | None) -> Store:
    """The store for `command`; read-only commands refuse a missing archive (StoreError)."""
    return Store(database_setting(db), create=command not in READ_ONLY)


def batch_queries(path: Path) -> list[str]:
    """One query a line from FILE ('-' for standard input): blank lines and lines that
    start with '#' are skipped; a binary file is refused with one line."""
    data = sys.stdin.buffer.read() if str(path) == "-" else path.read_bytes()
    shown = "standard input" if str(path) == "-" else str(path)
    if b"\x00" in data:
        raise UsageError(f"--batch {shown} is not a text file (one query a line)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"--batch {shown} is not UTF-8 text (one query a line)") from None
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def known_person(store: Store, scope: Scope, name: str) -> None:
    """NotFound, with close names, when no one in the sources answers to `name`."""
    found = who_handler.who(store, name, scope, 1)
    if found.person is not None:
        return
    hint = f"; did you mean {', '.join(found.suggestions)}?" if found.suggestions else ""
    raise NotFound(f"no one called {name!r} in the sources{hint}")


def known_edit(store: Store, scope: Scope, edit_id: int) -> None:
    ids = [edit.id for edit in store.people.edits(scope.workspace)]
    if edit_id in ids:
        return
    listed = ", ".join(map(str, ids[-10:])) if ids else "none yet"
    raise NotFound(f"no edit {edit_id}: the edits are {listed} (see who --edits)")


def nothing_to_index(folder: Path) -> str:
    """Why a folder gave `index` no file: what it saw, and what Factdesk reads."""
    from handlers.readers import SUPPORTED_SUFFIXES

    seen = [p for p in folder.rglob("*") if p.is_file()]
    hidden = [p for p in seen if any(s.startswith(".") for s in p.relative_to(folder).parts)]
    kinds = Counter(p.suffix.lower() or "no extension" for p in seen if p not in hidden)
    parts = [f"{n} {kind}" for kind, n in kinds.most_common()]
    if hidden:
        parts.append(f"{len(hidden)} hidden")
    saw = f"saw {len(seen)} file{'' if len(seen) == 1 else 's'}"
    detail = f" ({', '.join(parts)})" if parts else ""
    return f"no file to index: {saw}{detail}; Factdesk reads {' '.join(sorted(SUPPORTED_SUFFIXES))}"


def silence_stdout() -> None:
    """Point standard output at /dev/null, so the exit's flush does not fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
