"""Slack's Socket Mode end, faked on 127.0.0.1: a WebSocket server (RFC 6455, text, ping
and close frames; enough for slack_sdk's built-in client) that sends envelopes as Slack
does and records what the app sends back (the acks).

The fake Web API (tests/fake_slack.py) hands out this server's `url` from
`apps.connections.open`; slack_sdk connects without TLS to a port other than 443.
"""

from __future__ import annotations

import base64
import hashlib
import json
import queue
import socket
import threading

_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"  # RFC 6455, section 1.3
TEXT, CLOSE, PING, PONG = 0x1, 0x8, 0x9, 0xA


class FakeSocketMode:
    """Start with `with FakeSocketMode() as socket_mode:`; one connection at a time."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"ws://127.0.0.1:{self.listener.getsockname()[1]}/link/?ticket=test"
        self.received: queue.Queue[dict] = queue.Queue()
        self.connected = threading.Event()
        self._conn: socket.socket | None = None
        self._send_lock = threading.Lock()

    def __enter__(self) -> FakeSocketMode:
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.listener.close()
        if self._conn is not None:
            self._conn.close()

    def send(self, envelope: dict, timeout: float = 10.0) -> None:
        """Send an envelope to the connected app, as Slack pushes a request."""
        assert self.connected.wait(timeout), "the app never connected"
        self._write(TEXT, json.dumps(envelope).encode())

    def ack(self, envelope_id: str, timeout: float = 10.0) -> dict:
        """The app's acknowledgement of one envelope (other messages are skipped)."""
        while True:
            message = self.received.get(timeout=timeout)
            if message.get("envelope_id") == envelope_id:
                return message

    # -- the server -----------------------------------------------------------------------

    def _accept(self) -> None:
        try:
            conn, _ = self.listener.accept()
        except OSError:
            return  # closed before anyone connected
        self._conn = conn
        _handshake(conn)
        self.connected.set()
        self._write(TEXT, json.dumps({"type": "hello", "num_connections": 1}).encode())
        self._read(conn)

    def _read(self, conn: socket.socket) -> None:
        try:
            while True:
                opcode, payload = _read_frame(conn)
                if opcode == TEXT:
                    self.received.put(json.loads(payload))
                elif opcode == PING:
                    self._write(PONG, payload)
                elif opcode == CLOSE:
                    self._write(CLOSE, payload)  # the closing handshake: echo, then hang up
                    conn.close()
                    return
        except OSError:
            return

    def _write(self, opcode: int, payload: bytes) -> None:
        assert self._conn is not None
        with self._send_lock:
            self._conn.sendall(_frame(opcode, payload))


def _handshake(conn: socket.socket) -> None:
    request = b""
    while b"\r\n\r\n" not in request:
        request += conn.recv(4096)
    headers = dict(
        line.split(": ", 1) for line in request.decode().split("\r\n")[1:] if ": " in line
    )
    key = {k.lower(): v for k, v in headers.items()}["sec-websocket-key"].strip()
    accept = base64.b64encode(hashlib.sha1(key.encode() + _GUID).digest()).decode()
    conn.sendall(
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Accept: {accept}\r\n\r\n".encode()
    )


def _frame(opcode: int, payload: bytes) -> bytes:
    """A final, unmasked frame: what a server sends."""
    size = len(payload)
    if size < 126:
        head = bytes([0x80 | opcode, size])
    elif size < 1 << 16:
        head = bytes([0x80 | opcode, 126]) + size.to_bytes(2, "big")
    else:
        head = bytes([0x80 | opcode, 127]) + size.to_bytes(8, "big")
    return head + payload


def _read_frame(conn: socket.socket) -> tuple[int, bytes]:
    """One frame from the client (clients always mask); fragments are not used by slack_sdk."""
    first, second = _exactly(conn, 2)
    size = second & 0x7F
    if size == 126:
        size = int.from_bytes(_exactly(conn, 2), "big")
    elif size == 127:
        size = int.from_bytes(_exactly(conn, 8), "big")
    mask = _exactly(conn, 4) if second & 0x80 else bytes(4)
    data = _exactly(conn, size)
    return first & 0x0F, bytes(b ^ mask[i % 4] for i, b in enumerate(data))


def _exactly(conn: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = conn.recv(size - len(data))
        if not chunk:
            raise ConnectionError("the app closed the connection")
        data += chunk
    return data
