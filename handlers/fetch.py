"""Fetching a URL safely: http/https, checked addresses, bounded in time and size.

Every way a fetch can fail becomes one FetchError whose str() is a short reason for a
person ("the server answered HTTP 404 Not Found", "timed out after 20 s"). See
handlers/netguard.py for which addresses may be reached and handlers/robots.py for
robots.txt.
"""

from __future__ import annotations

import os
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from handlers import netguard
from handlers.ingest import MAX_FILE_MB_ENV, max_file_bytes
from handlers.robots import RobotsRules

USER_AGENT = "Factdesk/0.1 (newsroom source indexer; robots.txt token Factdesk)"
ROBOTS_TOKEN = "Factdesk"
TIMEOUT_ENV = "FACTDESK_FETCH_TIMEOUT"
DEFAULT_TIMEOUT = 20.0  # seconds for the whole fetch, redirects and body included
CONNECT_TIMEOUT = 5.0
MAX_REDIRECTS = 5
CHUNK = 64 * 1024
REDIRECTS = (301, 302, 303, 307, 308)


class FetchError(Exception):
    """A URL that could not be fetched; str() is the reason, `status` the HTTP status if any,
    `transient` whether trying again later may work (a timeout, a refused connection, 5xx)."""

    def __init__(self, reason: str, status: int | None = None, transient: bool = False) -> None:
        super().__init__(reason)
        self.status = status
        self.transient = transient or (status is not None and (status >= 500 or status == 429))


@dataclass(frozen=True)
class Fetched:
    asked: str  # the URL asked for
    url: str  # where the body came from, after redirects
    status: int  # 200, or 304 for a conditional GET that found nothing new
    content_type: str  # media type, lower case, without parameters ("" if none)
    body: bytes
    etag: str | None = None
    last_modified: str | None = None


def fetch_timeout() -> float:
    raw = os.environ.get(TIMEOUT_ENV, "")
    try:
        return max(0.1, float(raw)) if raw.strip() else DEFAULT_TIMEOUT
    except ValueError:
        return DEFAULT_TIMEOUT


def checked_url(url: str) -> str:
    """`url` when it is an http(s) URL with a host; FetchError otherwise."""
    parts = urlsplit(url.strip())
    if not parts.scheme:
        raise FetchError("not a link (it must start with http:// or https://)")
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(f"only http and https links can be fetched, not {parts.scheme or '?'}:")
    if not parts.hostname:
        raise FetchError("the link has no host name")
    if parts.username or parts.password:
        raise FetchError("links with a user name or password are not fetched")
    return parts.geturl()


class Fetcher:
    """One HTTP client, its robots.txt rules and limits; use it for many URLs."""

    def __init__(
        self,
        max_bytes: int | None = None,
        timeout: float | None = None,
        private_ok: bool | None = None,
    ) -> None:
        self.max_bytes = max_file_bytes() if max_bytes is None else max_bytes
        self.timeout = fetch_timeout() if timeout is None else timeout
        self.client = httpx.Client(
            transport=netguard.guarded_transport(private_ok),
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
        )
        self.robots = RobotsRules(self._robots_text, ROBOTS_TOKEN)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def get(self, url: str, etag: str | None = None, modified: str | None = None) -> Fetched:
        """GET `url` (conditionally, with `etag`/`modified`), following up to 5 redirects,
        each checked like the first; robots.txt is asked before every hop."""
        return self._get(url, etag, modified, robots=True, limit=self.max_bytes)

    def _robots_text(self, url: str) -> bytes:
        return self._get(url, None, None, robots=False, limit=512 * 1024).body

    def _get(self, url, etag, modified, robots: bool, limit: int) -> Fetched:
        deadline = time.monotonic() + self.timeout
        current = checked_url(url)
        headers = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", modified)) if v}
        for hop in range(MAX_REDIRECTS + 1):
            forbidden = self._robots_refusal(current, redirected=hop > 0) if robots else None
            if forbidden:
                raise FetchError(forbidden)
            with self._stream(current, headers, deadline, redirected=hop > 0) as response:
                location = response.headers.get("location")
                if response.status_code in REDIRECTS and location:
                    current = checked_url(urljoin(current, location))
                    continue
                return self._result(url, current, response, limit, deadline)
        raise FetchError(f"more than {MAX_REDIRECTS} redirects")

    def _robots_refusal(self, url: str, redirected: bool) -> str | None:
        try:
            return self.robots.refusal(url)
        except FetchError as exc:  # robots.txt is the first thing fetched from a new host
            refused = str(exc).removeprefix("refused: ")
            if redirected and refused != str(exc):
                raise FetchError(f"redirected to a refused address: {refused}") from exc
            raise

    def _result(self, asked, url, response: httpx.Response, limit, deadline) -> Fetched:
        if response.status_code >= 400 or response.status_code not in (200, 203, 304):
            phrase = f" {response.reason_phrase}" if response.reason_phrase else ""
            raise FetchError(
                f"the server answered HTTP {response.status_code}{phrase}", response.status_code
            )
        body = b"" if response.status_code == 304 else read_body(response, limit, deadline)
        kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
        return Fetched(
            asked,
            url,
            response.status_code,
            kind,
            body,
            response.headers.get("etag"),
            response.headers.get("last-modified"),
        )

    @contextmanager
    def _stream(self, url: str, headers: dict, deadline: float, redirected: bool) -> Iterator:
        left = deadline - time.monotonic()
        if left <= 0:
            raise FetchError(f"timed out after {self.timeout:g} s", transient=True)
        timeout = httpx.Timeout(left, connect=min(CONNECT_TIMEOUT, left))
        host = urlsplit(url).hostname
        try:
            with self.client.stream("GET", url, headers=headers, timeout=timeout) as response:
                yield response
        except netguard.RefusedAddress as exc:
            where = "redirected to a refused address" if redirected else "refused"
            raise FetchError(f"{where}: {exc}") from exc
        except netguard.UnresolvedHost as exc:
            raise FetchError(f"{exc} (DNS lookup failed)", transient=True) from exc
        except httpx.ConnectTimeout as exc:
            raise FetchError(f"timed out connecting to {host}", transient=True) from exc
        except httpx.TimeoutException as exc:
            raise FetchError(f"timed out after {self.timeout:g} s", transient=True) from exc
        except httpx.ConnectError as exc:
            reason = f"could not connect to {host} ({_first_line(exc)})"
            raise FetchError(reason, transient=True) from exc
        except httpx.HTTPError as exc:
            raise FetchError(
                f"the fetch from {host} failed ({_first_line(exc)})", transient=True
            ) from exc


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:120] if text else type(exc).__name__


def read_body(response: httpx.Response, limit: int, deadline: float) -> bytes:
    """The body, decompressed, cut off as soon as it passes `limit` bytes (after
    decompression) or the deadline passes."""
    too_big = FetchError(f"larger than {limit / (1024 * 1024):g} MB (limit {MAX_FILE_MB_ENV})")
    declared, encoding = (
        response.headers.get(h, "") for h in ("content-length", "content-encoding")
    )
    if declared.isdigit() and int(declared) > limit and not encoding:
        raise too_big
    decode = _decoder(encoding)
    body = bytearray()
    try:
        for chunk in response.iter_raw(CHUNK):
            body += decode(chunk, limit + 1 - len(body))
            if len(body) > limit:
                raise too_big
            if time.monotonic() > deadline:
                raise FetchError("timed out while reading the page", transient=True)
    except httpx.TimeoutException as exc:
        raise FetchError("timed out while reading the page", transient=True) from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"the download broke off ({_first_line(exc)})", transient=True) from exc
    return bytes(body)


def _decoder(encoding: str):
    """A function (chunk, room) -> at most `room` decoded bytes (more means too large)."""
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return lambda chunk, room: chunk
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise FetchError(f"the server sent an unsupported encoding ({encoding})")
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 32)  # gzip or zlib header, detected

    def decode(chunk: bytes, room: int) -> bytes:
        try:
            out = inflater.decompress(chunk, max(room, 1))
        except zlib.error as exc:
            raise FetchError(f"the compressed body is damaged ({exc})") from exc
        return out + b"\0" if inflater.unconsumed_tail else out  # cut: over the limit

    return decode
