"""Settings from the environment, plus an optional `.env` (the environment wins)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dotenv import load_dotenv

from bot.commands import WORKSPACE_ENV
from store import URL_ENV

BOT_TOKEN = "SLACK_BOT_TOKEN"
SIGNING_SECRET = "SLACK_SIGNING_SECRET"
APP_TOKEN = "SLACK_APP_TOKEN"
API_URL = "SLACK_API_URL"
DEFAULT_API_URL = "https://slack.com/api/"
MEMORY_INDEX_ENV = "FACTDESK_MEMORY_INDEX"  # "off": servers search the database directly

# What each way of connecting to Slack cannot start without.
REQUIRED = {
    "http": (BOT_TOKEN, SIGNING_SECRET),
    "socket": (BOT_TOKEN, APP_TOKEN),
}


class SettingsError(Exception):
    """A setting is missing or wrong; the message is one line naming it."""


@dataclass(frozen=True)
class Settings:
    bot_token: str = field(repr=False)
    signing_secret: str = field(default="", repr=False)
    app_token: str = field(default="", repr=False)
    database_url: str | None = None
    api_url: str = DEFAULT_API_URL
    workspace: str = "local"
    memory_index: bool = True


def from_environ(environ: Mapping[str, str], mode: str = "http") -> Settings:
    """Settings for `mode` ("http" or "socket"), or SettingsError naming what is missing."""
    missing = [name for name in REQUIRED[mode] if not environ.get(name, "").strip()]
    if missing:
        raise SettingsError(
            f"missing {', '.join(missing)}: set {'it' if len(missing) == 1 else 'them'} "
            "in the environment or in .env (see the README, 'Connect to Slack')"
        )
    api_url = environ.get(API_URL, "").strip() or DEFAULT_API_URL
    return Settings(
        bot_token=environ[BOT_TOKEN].strip(),
        signing_secret=environ.get(SIGNING_SECRET, "").strip(),
        app_token=environ.get(APP_TOKEN, "").strip(),
        database_url=environ.get(URL_ENV) or None,
        api_url=api_url if api_url.endswith("/") else api_url + "/",
        workspace=environ.get(WORKSPACE_ENV, "").strip() or "local",
        memory_index=memory_index_wanted(environ),
    )


def memory_index_wanted(environ: Mapping[str, str] = os.environ) -> bool:
    """Long-running processes search an in-memory index unless FACTDESK_MEMORY_INDEX=off."""
    return environ.get(MEMORY_INDEX_ENV, "").strip().lower() not in ("off", "0", "no", "false")


def load_env_file(path: Path | None = None) -> None:
    """Read `.env` (from the working directory) into the environment; set variables win."""
    env_file = path or Path.cwd() / ".env"
    if env_file.is_file():
        load_dotenv(env_file, override=False)


def socket_mode_configured(environ: Mapping[str, str] = os.environ) -> bool:
    return all(environ.get(name, "").strip() for name in REQUIRED["socket"])


def load(mode: str = "http") -> Settings:
    return from_environ(os.environ, mode)
