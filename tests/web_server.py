"""A real HTTP server on 127.0.0.1 for fetching tests: routes set per test, requests recorded."""

from __future__ import annotations

import ssl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before the status line
    drip: float = 0.0  # seconds between 1 KB pieces of the body
    stream_forever: bool = False  # an endless body, no Content-Length
    etag: str | None = None  # answer 304 to a request that sends it back


@dataclass
class Seen:
    path: str
    headers: dict[str, str]


class Site:
    """What the server serves (`routes` by path, or `handler` for anything) and what it saw."""

    def __init__(self) -> None:
        self.routes: dict[str, Route | Callable[[], Route]] = {}
        self.fallback: Callable[[str], Route | None] | None = None  # for paths not in routes
        self.seen: list[Seen] = []
        self.lock = threading.Lock()
        self.port = 0

    scheme = "http"

    @property
    def base(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def hits(self, path: str) -> int:
        with self.lock:
            return sum(1 for s in self.seen if s.path == path)

    def route(self, path: str) -> Route | None:
        found = self.routes.get(path)
        if found is None and self.fallback is not None:
            return self.fallback(path)
        return found() if callable(found) else found


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms stall

        def log_message(self, *_args) -> None:
            pass

        def do_GET(self) -> None:
            with site.lock:
                site.seen.append(Seen(self.path, dict(self.headers.items())))
            route = site.route(self.path)
            if route is None:
                route = Route(b"not here", status=404, content_type="text/plain")
            time.sleep(route.delay)
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                self.send_response(304)
                self.send_header("ETag", route.etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self._send(route)

        def _send(self, route: Route) -> None:
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            for name, value in route.headers.items():
                self.send_header(name, value)
            if route.etag:
                self.send_header("ETag", route.etag)
            if route.stream_forever:
                self.send_header("Connection", "close")
                self.end_headers()
                self._forever()
                return
            self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            if not route.drip:
                self.wfile.write(route.body)
                return
            for start in range(0, len(route.body), 1024):
                self.wfile.write(route.body[start : start + 1024])
                self.wfile.flush()
                time.sleep(route.drip)

        def _forever(self) -> None:
            piece = b"<p>" + b"word " * 2000 + b"</p>\n"
            try:
                for _ in range(100_000):
                    self.wfile.write(piece)
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        pass  # a client that hung up on a slow or endless body: expected in these tests


@contextmanager
def serving(tls: tuple[str, str] | None = None) -> Iterator[Site]:
    """The server on 127.0.0.1; with `tls` (certificate file, key file), over HTTPS."""
    site = Site()
    server = _QuietServer(("127.0.0.1", 0), _handler(site))
    if tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*tls)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    server.daemon_threads = True
    site.port = server.server_address[1]
    site.scheme = "https" if tls else "http"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
