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
    error (with `.status`) when robots.txt cannot be had. Entries for 5xx hold the reason."""

    def __init__(self, read: Callable[[str], bytes], token: str) -> None:
        self.read = read
        self.token = token
        self._sites: dict[str, tuple[float, Protego | None, str | None]] = {}
        self._lock = threading.Lock()

    def refusal(self, url: str) -> str | None:
        """Why robots.txt forbids fetching `url`, or None when it may be fetched."""
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}".lower()
        with self._lock:
            cached = self._sites.get(site)
        if cached is None or cached[0] < time.monotonic():
            cached = self._load(site)
        _, rules, failed = cached
        if rules is None:
            return failed
        if rules.can_fetch(url, self.token):
            return None
        return f"the site's robots.txt does not allow {self.token} to fetch it"

    def _load(self, site: str) -> tuple[float, Protego | None, str | None]:
        try:
            text = self.read(f"{site}/robots.txt").decode("utf-8", errors="replace")
            entry = (time.monotonic() + TTL_SECONDS, Protego.parse(text), None)
        except Exception as exc:  # the fetcher's error: its status says 4xx or 5xx
            status = getattr(exc, "status", None)
            if status is None:
                raise  # unreachable, refused, timed out: the page fetch would fail the same way
            why = f"the site's robots.txt could not be read (HTTP {status}), so nothing is fetched"
            entry = (time.monotonic() + TTL_SECONDS, None, why if status >= 500 else None)
        with self._lock:
            if len(self._sites) >= MAX_SITES:
                self._sites.clear()
            self._sites[site] = entry
        return entry
