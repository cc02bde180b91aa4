"""Where the fetcher may connect: public addresses only, checked on the address connected to.

A Slack user can make the bot fetch any URL, so a link must not reach the bot's own
machine, the newsroom's intranet or a cloud metadata service. The check runs inside the
HTTP client's connect step (an httpcore network backend): the host is resolved once, each
address is checked, and the socket is opened to the checked address itself, so a DNS
answer that changes between the check and the connection (DNS rebinding) cannot slip
through. Redirects open new connections, so every hop is checked the same way.
`FACTDESK_FETCH_ALLOW_PRIVATE=1` allows private and loopback addresses (an intranet; the
tests' server on 127.0.0.1); cloud metadata addresses stay refused even then.
"""

from __future__ import annotations

import functools
import ipaddress
import os
import socket
import ssl
from collections.abc import Iterable

import httpcore
import httpx

ALLOW_PRIVATE_ENV = "FACTDESK_FETCH_ALLOW_PRIVATE"
METADATA = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254")
)

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class RefusedAddress(Exception):
    """The host resolves only to addresses Factdesk will not connect to; str() says which."""


class UnresolvedHost(Exception):
    """DNS gave no address for the host."""


def allow_private() -> bool:
    return os.environ.get(ALLOW_PRIVATE_ENV, "").strip().lower() in ("1", "true", "yes")


def refusal(address: Address, private_ok: bool) -> str | None:
    """Why `address` is refused ("a loopback address"), or None when it may be used."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if address in METADATA:
        return "a cloud metadata address"
    if address.is_multicast:
        return "a multicast address"
    if private_ok:
        return None
    for label, flag in (
        ("a loopback address", address.is_loopback),
        ("a link-local address", address.is_link_local),
        ("a private address", address.is_private),
        ("a reserved address", address.is_reserved or address.is_unspecified),
    ):
        if flag:
            return label
    return None if address.is_global else "a non-public address"


def resolve(host: str, port: int) -> list[Address]:
    """Every address `host` resolves to (an IP literal resolves to itself)."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise UnresolvedHost(f"could not resolve {host}") from exc
    return list(dict.fromkeys(ipaddress.ip_address(info[4][0].split("%")[0]) for info in found))


def usable(host: str, addresses: Iterable[Address], private_ok: bool) -> list[Address]:
    """The addresses that may be used; RefusedAddress when there are none."""
    addresses = list(addresses)
    allowed = [a for a in addresses if refusal(a, private_ok) is None]
    if not allowed:
        why = refusal(addresses[0], private_ok) if addresses else "no address"
        raise RefusedAddress(f"{host} is {why} ({addresses[0] if addresses else '?'})")
    return allowed


class GuardedBackend(httpcore.SyncBackend):
    """httpcore's socket backend, connecting only to checked addresses."""

    def __init__(self, private_ok: bool) -> None:
        self.private_ok = private_ok

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        allowed = usable(host, resolve(host, port), self.private_ok)
        last: Exception | None = None
        for address in allowed:
            try:
                return super().connect_tcp(
                    str(address), port, timeout, local_address, socket_options
                )
            except httpcore.ConnectError as exc:  # try the next checked address
                last = exc
        raise last or httpcore.ConnectError(f"could not connect to {host}")


def guarded_transport(private_ok: bool | None = None) -> httpx.HTTPTransport:
    """An httpx transport whose every connection goes through GuardedBackend; no proxy
    from the environment (a proxy would make the check meaningless)."""
    context = _ssl_context()
    transport = httpx.HTTPTransport(verify=context, trust_env=False)
    private_ok = allow_private() if private_ok is None else private_ok
    transport._pool = httpcore.ConnectionPool(
        ssl_context=context, network_backend=GuardedBackend(private_ok)
    )
    return transport


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    """Certificate-verifying TLS settings, made once (loading the CA bundle takes ~0.1 s)."""
    return httpx.create_ssl_context()
