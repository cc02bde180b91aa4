"""robots.txt, read with protego and kept for an hour per site.

As RFC 9309 says: a robots.txt that does not exist (HTTP 4xx) allows everything; one the
server fails to give (HTTP 5xx) allows nothing until it can be read.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from urllib.parse import urlsplit

from protego import Protego

TTL_SECONDS = 3600.0
MAX_SITES = 1024


class RobotsRules:
    """Whether a URL may be fetched; `read(robots_url) -> bytes` raises the fetcher's
    error (with `.status`) when robots.txt cannot be had."""

    def __init__(self, read: Callable[[str], bytes], token: str) -> None:
        self.read = read
        self.token = token
        self._sites: dict[str, tuple[float, Protego | None, bool]] = {}
        self._lock = threading.Lock()

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}".lower()
        with self._lock:
            cached = self._sites.get(site)
        if cached is None or cached[0] < time.monotonic():
            cached = self._load(site)
        _, rules, allow_all = cached
        if rules is None:
            return allow_all
        return rules.can_fetch(url, self.token)

    def _load(self, site: str) -> tuple[float, Protego | None, bool]:
        try:
            text = self.read(f"{site}/robots.txt").decode("utf-8", errors="replace")
            entry = (time.monotonic() + TTL_SECONDS, Protego.parse(text), True)
        except Exception as exc:  # the fetcher's error: its status says 4xx or 5xx
            status = getattr(exc, "status", None)
            if status is None:
                raise  # unreachable, refused, timed out: the page fetch would fail the same way
            entry = (time.monotonic() + TTL_SECONDS, None, status < 500)
        with self._lock:
            if len(self._sites) >= MAX_SITES:
                self._sites.clear()
            self._sites[site] = entry
        return entry
