"""The questions Factdesk answers, shared by the CLI, the console and Slack."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace

from handlers import claim, digest, figures, who
from handlers.meaning import coverage_line
from store import Scope, Stats, Store

WORKSPACE_ENV = "FACTDESK_WORKSPACE"


def default_workspace() -> str:
    return os.environ.get(WORKSPACE_ENV) or "local"


def summary_of(function: Callable, default: str = "") -> str:
    """A function's first docstring line: its help text ("/claim TEXT – find …")."""
    return (function.__doc__ or default).strip().splitlines()[0]


@dataclass(frozen=True)
class Command:
    name: str
    run: Callable[[Store, str, Scope, int], object]
    example: str

    @property
    def summary(self) -> str:
        """The handler's first docstring line is the help text."""
        return summary_of(self.run, self.name)

    @property
    def usage(self) -> str:
        return f"usage: {self.summary}  (e.g. {self.name} {self.example})"


COMMANDS: dict[str, Command] = {
    "claim": Command("claim", claim.claim, '"North Korea has sent 11,000 soldiers to Kursk"'),
    "who": Command("who", who.who, "Zelensky"),
    "figures": Command("figures", figures.figures, "troops"),
}


def answer(store: Store, name: str, text: str, scope: Scope, limit: int = 5) -> object:
    found = COMMANDS[name].run(store, text, scope, limit)
    if name == "claim":
        digest.log_claim(store, scope, found)  # the next digest reports empty or differing checks
    return found


def stats(store: Store, scope: Scope) -> Stats:
    return replace(store.documents.stats(scope), meaning=coverage_line(store, scope))


def help_lines() -> list[str]:
    return [command.summary for command in COMMANDS.values()]


def parse(line: str) -> tuple[str, str]:
    """'/claim text', 'claim text' or '/factdesk claim text' -> ('claim', 'text')."""
    words = line.strip().lstrip("/").split(maxsplit=1)
    if not words:
        return "", ""
    name, rest = words[0].lower(), (words[1] if len(words) > 1 else "")
    if name == "factdesk":
        return parse(rest)
    return name, rest.strip()
