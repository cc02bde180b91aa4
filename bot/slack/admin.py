"""/factdesk digest|watch|watches|unwatch: settings made from a channel, kept in the database."""

from __future__ import annotations

import os

from bot.commands import summary_of
from bot.scheduler import (
    DEFAULT_TIME,
    DEFAULT_TIMEZONE,
    TIME_ENV,
    TIMEZONE_ENV,
    parse_time,
    parse_zone,
)
from bot.settings import SettingsError
from handlers import watch
from store import Scope, Store
from store.digest_settings import DigestSetting

NAMES = ("digest", "watch", "watches", "unwatch")
DIGEST_USAGE = "Usage: /factdesk digest here [HH:MM] [Area/City] | /factdesk digest off"


def run(store: Store, scope: Scope, name: str, text: str) -> str:
    """The reply to one of NAMES, in words."""
    if name == "digest":
        return digest(store, scope, text.split())
    if name == "watch":
        kind, _, query = text.strip().partition(" ")
        return watch.add(store, scope, kind.lower(), query)
    if name == "watches":
        return watch.listing(store, scope)
    return watch.remove(store, scope, text)


def digest(store: Store, scope: Scope, words: list[str]) -> str:
    """digest here [HH:MM] [Area/City] | digest off – the daily digest in this channel, or none"""
    if not scope.channel or not words or words[0].lower() not in ("here", "off"):
        return DIGEST_USAGE
    on = words[0].lower() == "here"
    at = words[1] if len(words) > 1 else os.environ.get(TIME_ENV) or DEFAULT_TIME
    zone = words[2] if len(words) > 2 else os.environ.get(TIMEZONE_ENV) or DEFAULT_TIMEZONE
    try:
        parse_time(at), parse_zone(zone)
    except SettingsError as exc:
        return f"{exc}. {DIGEST_USAGE}"
    setting = DigestSetting(scope.channel, scope.workspace, at, zone, on)
    store.digest_settings.save(setting)
    if on:
        return f"The daily digest will be posted here at {at} ({zone})."
    return "No daily digest in this channel any more."


def help_lines() -> list[str]:
    """'/factdesk NAME … – what it does' for each of NAMES, from its function's docstring."""
    documented = (digest, watch.add, watch.listing, watch.remove)
    return [f"/factdesk {summary_of(function)}" for function in documented]
