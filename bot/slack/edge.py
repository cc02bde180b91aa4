"""`POST /slack/events` as a WSGI app: nothing reaches Bolt before it is verified.

Each request is admitted in this order, and the first failure answers it:

1. size: a body over `MAX_BODY` bytes is 413, unread;
2. signature, on the raw bytes: exactly one plain-integer `X-Slack-Request-Timestamp`
   within 5 minutes of now and one `X-Slack-Signature` of the form `v0=<64 hex>` that
   matches `HMAC-SHA256(secret, "v0:{timestamp}:{body}")`, or 401;
3. form: UTF-8, the content type's own syntax (form fields, `payload=` JSON, or JSON),
   nesting at most `MAX_DEPTH` deep, and the fields listeners rely on
   (`bot.slack.shapes`), or 400;
4. first delivery: a command or interaction whose signature was already seen is answered
   200 and not run again (the database decides, so every worker agrees).

Refusals are one warning line each, never a traceback, and nothing is sent anywhere.
The admitted body goes to Bolt already parsed, as Socket Mode hands it over: Bolt's own
parser reads any form body that merely contains the word "payload" as empty (a
`/claim the payload reached orbit` would vanish), and it re-verifies nothing we have not.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qsl

from slack_bolt import App, BoltRequest, BoltResponse

from bot.slack.shapes import problem
from store import Store, StoreError

log = logging.getLogger("factdesk.edge")

MAX_BODY = 1_000_000  # bytes; Slack's largest payloads (a modal's state) are far smaller
DRAIN = 16 * MAX_BODY  # a refused body read away at most, so the client hears the 413
MAX_DEPTH = 64  # JSON nesting; Slack's block payloads nest about ten deep
WINDOW = 300  # seconds a signed request is good for, either side of now
FORGET_EVERY = 60  # seconds between sweeps of remembered signatures
TIMESTAMP = re.compile(r"[0-9]{1,12}")
DIGITS = re.compile(r"[0-9]{1,18}")
SIGNATURE = re.compile(r"v0=([0-9a-f]{64})")
FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class Refused(Exception):
    status: int
    reason: str


@dataclass(frozen=True)
class Admitted:
    request: BoltRequest
    signature: str


class SlackEdge:
    """The WSGI app in front of Bolt for `POST /slack/events`."""

    def __init__(
        self, app: App, secret: str, store: Store, clock: Callable[[], float] = time.time
    ) -> None:
        self.app, self.secret, self.store, self.clock = app, secret.encode(), store, clock
        self._swept = 0.0

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        try:
            admitted = self.admit(environ)
        except Refused as refused:
            where = environ.get("REMOTE_ADDR", "?")
            log.warning("refused a request from %s (%s): %s", where, refused.status, refused.reason)
            return _plain(start_response, refused.status, HTTPStatus(refused.status).phrase)
        if not self._first_delivery(admitted):
            log.info("a replayed request (same signature) was acknowledged and not run")
            return _plain(start_response, 200, "")
        return _reply(start_response, self.app.dispatch(admitted.request))

    def admit(self, environ: dict) -> Admitted:
        raw = _read(environ)
        signature = self._verify(environ, raw)
        body = _parse(raw, environ.get("CONTENT_TYPE", ""))
        flaw = problem(body)
        if flaw:
            raise Refused(400, f"malformed {_kind(body)}: {flaw}")
        return Admitted(_bolt_request(body, environ), signature)

    def _verify(self, environ: dict, raw: bytes) -> str:
        if not self.secret:
            raise Refused(401, "no SLACK_SIGNING_SECRET is set, so nothing can be verified")
        stamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP")
        given = environ.get("HTTP_X_SLACK_SIGNATURE")
        if stamp is None or given is None:
            raise Refused(401, "no signature or no timestamp")
        signature = SIGNATURE.fullmatch(given)
        if not TIMESTAMP.fullmatch(stamp) or not signature:
            raise Refused(401, "a malformed signature or timestamp (or a repeated header)")
        if abs(self.clock() - int(stamp)) > WINDOW:
            raise Refused(401, "a timestamp more than 5 minutes from now")
        expected = hmac.new(self.secret, b"v0:" + stamp.encode() + b":" + raw, hashlib.sha256)
        if not hmac.compare_digest(expected.hexdigest(), signature.group(1)):
            raise Refused(401, "a signature that does not match the body")
        return signature.group(1)

    def _first_delivery(self, admitted: Admitted) -> bool:
        """Slack never sends a command or an interaction twice (events it retries under a
        new signature, and `once_per_event` de-duplicates those by event_id)."""
        if admitted.request.body.get("type") == "event_callback":
            return True
        try:
            self._sweep()
            return self.store.requests.first_time(admitted.signature)
        except StoreError as exc:
            log.warning("could not record a request's signature (%s); handling it anyway", exc)
            return True

    def _sweep(self) -> None:
        now = self.clock()
        if now - self._swept >= FORGET_EVERY:
            self._swept = now
            self.store.requests.forget_before(_moment(now - 2 * WINDOW))


def _read(environ: dict) -> bytes:
    declared = environ.get("CONTENT_LENGTH") or ""
    if declared and not DIGITS.fullmatch(declared):
        raise Refused(400, "a Content-Length that is not a number")
    stream = environ.get("wsgi.input")
    if not declared:  # no length: only a chunked body can be read to its end
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        raw = stream.read(MAX_BODY + 1) if chunked and stream else b""
    elif int(declared) > MAX_BODY:
        _discard(stream, int(declared))
        raise Refused(413, f"a body of {declared} bytes, over the {MAX_BODY:,}-byte cap")
    else:
        raw = stream.read(int(declared)) if stream else b""
    if len(raw) > MAX_BODY:
        raise Refused(413, f"a body over the {MAX_BODY:,}-byte cap")
    return raw


def _discard(stream, length: int) -> None:
    """Read a refused body away (up to `DRAIN` bytes, never kept), so that the client gets
    the 413 instead of a connection reset while it is still sending."""
    left = min(length, DRAIN)
    while stream and left > 0:
        chunk = stream.read(min(left, 65536))
        if not chunk:
            return
        left -= len(chunk)


def _parse(raw: bytes, content_type: str) -> Any:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused(400, "a body that is not UTF-8") from None
    media = content_type.split(";")[0].strip().lower()
    if media == "application/json":
        return _json(text)
    if media == FORM:
        fields = _form(text)
        return _json(fields["payload"]) if "payload" in fields else fields
    raise Refused(400, f"an unsupported content type {media!r}")


def _form(text: str) -> dict[str, str]:
    try:
        pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=bool(text))
    except ValueError:
        raise Refused(400, "a form body that does not parse") from None
    fields = dict(pairs)
    if len(fields) != len(pairs):
        raise Refused(400, "a form body with a repeated field")
    return fields


def _json(text: str) -> Any:
    try:
        value = json.loads(text)
    except RecursionError:
        raise Refused(400, "JSON nested too deep") from None
    except ValueError:
        raise Refused(400, "a body that is not JSON") from None
    if _depth(value) > MAX_DEPTH:
        raise Refused(400, f"JSON nested more than {MAX_DEPTH} deep")
    return value


def _depth(value: Any) -> int:
    """How deep containers nest, without recursion."""
    deepest, level = 0, [(value, 1)]
    while level:
        item, depth = level.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            children = item.values() if isinstance(item, dict) else item
            level.extend((child, depth + 1) for child in children)
    return deepest


def _kind(body: Any) -> str:
    if isinstance(body, dict) and "command" in body:
        return "slash command"
    kind = body.get("type") if isinstance(body, dict) else None
    return kind[:40] if isinstance(kind, str) and kind.isidentifier() else "request"


def _bolt_request(body: dict, environ: dict) -> BoltRequest:
    """Bolt's request for a verified, parsed body; "socket_mode" is Bolt's word for a
    transport that has verified the request itself and hands over a parsed body."""
    headers = {"content-type": environ.get("CONTENT_TYPE", "")}
    for name in ("X_SLACK_RETRY_NUM", "X_SLACK_RETRY_REASON"):
        if f"HTTP_{name}" in environ:
            headers[name.lower().replace("_", "-")] = environ[f"HTTP_{name}"]
    try:
        return BoltRequest(body=body, headers=headers, mode="socket_mode")
    except (LookupError, TypeError, ValueError, AttributeError) as exc:
        raise Refused(400, f"malformed {_kind(body)}: Bolt cannot read it ({exc!r:.80})") from None


def _moment(seconds: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, dt.UTC)


def _reply(start_response: Callable, response: BoltResponse) -> Iterable[bytes]:
    body = response.body if isinstance(response.body, str) else json.dumps(response.body)
    payload = body.encode()
    headers = [(k, v) for k, vs in response.headers.items() if k != "content-length" for v in vs]
    headers.append(("content-length", str(len(payload))))
    start_response(f"{response.status} {HTTPStatus(response.status).phrase}", headers)
    return [payload]


def _plain(start_response: Callable, status: int, text: str) -> Iterable[bytes]:
    payload = text.encode()
    headers = [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(payload)))]
    start_response(f"{status} {HTTPStatus(status).phrase}", headers)
    return [payload]
