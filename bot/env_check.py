"""Every setting read from the environment checked at start, so a wrong value stops a
command with one line naming the variable instead of being ignored or failing later."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping

from bot.scheduler import QUIET_ENV, TIME_ENV, TIMEZONE_ENV, parse_time, parse_zone
from bot.settings import APP_TOKEN, BOT_TOKEN, SettingsError
from handlers.ingest import MAX_FILE_MB_ENV
from handlers.ingest_pool import INGEST_WORKERS_ENV
from store import SQLITE_CACHE_ENV


def _positive_number(text: str) -> None:
    try:
        value = float(text)
    except ValueError:
        raise SettingsError(f"{text!r} is not a number of megabytes (e.g. 50)") from None
    if not value > 0:
        raise SettingsError(f"{text!r} must be more than 0")


def _whole_number(text: str) -> None:
    if not text.strip().isdigit() or int(text) < 1:
        raise SettingsError(f"{text!r} is not a whole number of 1 or more")


def _quiet(text: str) -> None:
    if text.strip() not in ("line", "skip"):
        raise SettingsError(f"{text!r} is neither line nor skip")


CHECKS: dict[str, Callable[[str], object]] = {
    MAX_FILE_MB_ENV: _positive_number,
    INGEST_WORKERS_ENV: _whole_number,
    TIME_ENV: parse_time,
    TIMEZONE_ENV: parse_zone,
    QUIET_ENV: _quiet,
    SQLITE_CACHE_ENV: _whole_number,
}


def check_environment(environ: Mapping[str, str] = os.environ) -> None:
    """SettingsError naming the first variable whose value cannot be used (unset is fine)."""
    for name, check in CHECKS.items():
        value = environ.get(name, "")
        if not value.strip():
            continue
        try:
            check(value)
        except SettingsError as exc:
            raise SettingsError(f"{name}: {exc}") from None


def check_socket_pair(environ: Mapping[str, str] = os.environ) -> None:
    """`run` with one of the two Socket Mode tokens but not the other is a mistake, not a
    request for the console: name the missing one."""
    present = {name: bool(environ.get(name, "").strip()) for name in (BOT_TOKEN, APP_TOKEN)}
    if any(present.values()) and not all(present.values()):
        missing = next(name for name, found in present.items() if not found)
        have = next(name for name, found in present.items() if found)
        raise SettingsError(
            f"missing {missing}: {have} is set, and Socket Mode needs both "
            "(set it in the environment or in .env; for HTTP mode use factdesk serve)"
        )
