"""A recording fake of Slack's side, on 127.0.0.1: the Web API, file downloads, response_urls.

Everything the app sends to Slack lands here and is recorded as a `Call`; tests wait
for the calls they expect (with a deadline, never a sleep) and assert on what a user
would see: text, blocks, channel, thread, response_type.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

TEAM, BOT_USER, BOT_TOKEN = "T0NEWS", "UFACTDESK", "xoxb-fake-bot-token"


@dataclass
class Call:
    path: str  # "/api/chat.postMessage", "/response/3/", "/files/F1/a.txt"
    data: dict
    headers: dict
    at: float = field(default_factory=time.monotonic)

    @property
    def method(self) -> str:
        return self.path.removeprefix("/api/")

    @property
    def text(self) -> str:
        return self.data.get("text", "")

    @property
    def blocks(self) -> list[dict]:
        blocks = self.data.get("blocks") or []
        return json.loads(blocks) if isinstance(blocks, str) else blocks

    def shown(self) -> str:
        """All the mrkdwn a person would read in the blocks, joined by newlines."""
        texts = []
        for block in self.blocks:
            if block.get("text"):
                texts.append(block["text"]["text"])
            texts += [e.get("text", "") for e in block.get("elements", []) if "type" in e]
        return "\n".join(t if isinstance(t, str) else t.get("text", "") for t in texts)


@dataclass
class Reply:
    status: int = 200
    body: dict | bytes = field(default_factory=lambda: {"ok": True})
    headers: dict = field(default_factory=dict)


class Served:
    """Serves `self.server` on a background thread for the length of a `with` block."""

    server: ThreadingHTTPServer

    def __enter__(self):
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


class FakeSlack(Served):
    """Start with `with FakeSlack() as slack:`; `slack.url` ends with '/'."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.files: dict[str, dict] = {}  # file id -> files.info "file"
        self.downloads: dict[str, bytes] = {}  # download path -> bytes
        self.threads: dict[tuple[str, str], dict] = {}  # (channel, ts) -> parent message
        self.scripted: dict[str, deque[Reply]] = {}  # method -> replies to give first
        self.uploads: dict[str, bytes] = {}  # file id -> bytes POSTed to its upload URL
        self.memberships: dict[str, list[str]] = {}  # user -> channels (users.conversations)
        self.channels: dict[str, dict] = {}  # channel -> conversations.info's channel object
        self._changed = threading.Condition()
        self._ts = 0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"

    # -- arranging ----------------------------------------------------------------------

    def script(self, method: str, *replies: Reply) -> None:
        """Answer the next calls of `method` with `replies`, then as usual."""
        self.scripted.setdefault(method, deque()).extend(replies)

    def add_file(
        self,
        file_id: str,
        name: str,
        data: bytes,
        channel: str,
        public: bool,
        ts: str = "1700000000.000100",
        **extra,
    ) -> dict:
        path = f"files/{file_id}/{name}"
        self.downloads["/" + path] = data
        kind = "public" if public else "private"
        info = {
            "id": file_id,
            "name": name,
            "title": name,
            "size": len(data),
            "permalink": f"https://newsroom.slack.com/files/U1/{file_id}/{name}",
            "url_private_download": self.url + path,
            "shares": {kind: {channel: [{"ts": ts, "channel_name": "x"}]}},
            **extra,
        }
        self.files[file_id] = info
        return info

    def response_url(self, n: int | str) -> str:
        return f"{self.url}response/{n}/"

    # -- observing ----------------------------------------------------------------------

    def record(self, call: Call) -> None:
        with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    def find(self, path_part: str) -> list[Call]:
        with self._changed:
            return [c for c in self.calls if path_part in c.path]

    def wait(self, path_part: str, count: int = 1, timeout: float = 10.0) -> list[Call]:
        """The calls whose path contains `path_part`, once there are `count` of them."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [c for c in self.calls if path_part in c.path]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [c.path for c in self.calls]
                    raise AssertionError(f"no {count} call(s) to {path_part!r}; saw {seen}")
                self._changed.wait(left)

    # -- answering ----------------------------------------------------------------------

    def answer(self, method: str, data: dict) -> Reply:
        queued = self.scripted.get(method)
        if queued:
            return queued.popleft()
        if method == "auth.test":
            return Reply(
                body={
                    "ok": True,
                    "team_id": TEAM,
                    "team": "Newsroom",
                    "user_id": BOT_USER,
                    "bot_id": "BFACT",
                    "user": "factdesk",
                    "url": "https://newsroom.slack.com/",
                }
            )
        if method == "chat.postMessage":
            self._ts += 1
            ts = f"1800000000.{self._ts:06d}"
            return Reply(body={"ok": True, "channel": data.get("channel"), "ts": ts})
        if method == "conversations.replies":
            parent = self.threads.get((data.get("channel"), data.get("ts")))
            if parent is None:
                return Reply(body={"ok": False, "error": "thread_not_found"})
            return Reply(body={"ok": True, "messages": [parent], "has_more": False})
        if method == "files.info":
            info = self.files.get(data.get("file"))
            return Reply(
                body={"ok": True, "file": info}
                if info
                else {"ok": False, "error": "file_not_found"}
            )
        if method == "files.getUploadURLExternal":
            # files_upload_v2, step 1 of 3: an upload URL on this fake for a new file id
            self._ts += 1
            file_id = f"F{self._ts:08d}"
            url = f"{self.url}upload/{file_id}"
            return Reply(body={"ok": True, "upload_url": url, "file_id": file_id})
        if method == "files.completeUploadExternal":
            # step 3 of 3 (step 2 is the POST of the bytes to the upload URL)
            listed = data.get("files") or "[]"
            files = json.loads(listed) if isinstance(listed, str) else listed
            shared = [{"id": f["id"], "title": f.get("title", "")} for f in files]
            return Reply(body={"ok": True, "files": shared})
        if method == "conversations.info":
            found = self.channels.get(data.get("channel"))
            if found is None:
                return Reply(body={"ok": False, "error": "channel_not_found"})
            return Reply(body={"ok": True, "channel": {"id": data.get("channel"), **found}})
        if method == "users.conversations":
            channels = [{"id": c} for c in self.memberships.get(data.get("user"), [])]
            return Reply(body={"ok": True, "channels": channels, "response_metadata": {}})
        if method == "views.publish":
            view = data.get("view") or "{}"
            view = json.loads(view) if isinstance(view, str) else view
            return Reply(body={"ok": True, "view": {"id": "V0HOME", **view}})
        return Reply(body={"ok": False, "error": "unknown_method"})


def _parse(raw: bytes, content_type: str) -> dict:
    if "json" in content_type:
        return json.loads(raw or b"{}")
    return dict(parse_qsl(raw.decode("utf-8")))


def _handler(fake: FakeSlack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args) -> None:
            pass

        def do_GET(self) -> None:
            path = urlsplit(self.path).path
            fake.record(Call(path, {}, dict(self.headers)))
            data = fake.downloads.get(path)
            if data is None or self.headers.get("Authorization") != f"Bearer {BOT_TOKEN}":
                self._send(Reply(404 if data is None else 403, b"no"))
            else:
                self._send(Reply(200, data, {"Content-Type": "application/octet-stream"}))

        def do_POST(self) -> None:
            path = urlsplit(self.path).path
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if path.startswith("/upload/"):  # files_upload_v2's bytes: binary, not a form
                fake.uploads[path.removeprefix("/upload/")] = raw
                fake.record(Call(path, {"length": len(raw)}, dict(self.headers)))
                self._send(Reply(200, b"OK - 200", {"Content-Type": "text/plain"}))
                return
            data = _parse(raw, self.headers.get("Content-Type", ""))
            reply = (
                fake.answer(path.removeprefix("/api/"), data)
                if path.startswith("/api/")
                else Reply(200, b"ok", {"Content-Type": "text/plain"})
            )
            fake.record(Call(path, data, dict(self.headers)))
            self._send(reply)

        def _send(self, reply: Reply) -> None:
            body = reply.body if isinstance(reply.body, bytes) else json.dumps(reply.body).encode()
            self.send_response(reply.status)
            headers = {"Content-Type": "application/json", **reply.headers}
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler
