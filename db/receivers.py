"""Where the register may send webhooks: a receiver's URL and the addresses its host resolves to.

A subscription names a URL, and the register then makes requests to it from inside the council's network; so
a URL that leads somewhere only the register can reach (its own machine, a private network, a cloud's metadata
service on a link-local address) would let an admin's typo, or a stolen admin token, probe it. Receivers are
therefore public HTTPS addresses, checked when the subscription is made and again, on the addresses the host
then resolves to, before each delivery (a name can be pointed elsewhere after it was checked). Loopback (plain
HTTP allowed, for tests and local receivers) and private addresses can be allowed by settings; link-local,
multicast, unspecified and reserved addresses never are.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:  # the settings import the models, which import this module
    from db.settings import Settings

__all__ = ["Receiver", "ReceiverRefused", "check_url", "resolve_receiver"]

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class ReceiverRefused(ValueError):
    """A receiver URL the register will not send to; the message says why, quoting it."""


@dataclass(frozen=True)
class Receiver:
    """A checked receiver: its URL, host and port, and the addresses it may be reached on."""

    url: str
    scheme: str
    host: str
    port: int
    addresses: tuple[str, ...]


def check_url(url: str) -> tuple[str, str, int]:
    """The scheme, host and port of a receiver URL, or why it is no receiver's URL (before any lookup)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise ReceiverRefused(f"{url!r} is not a URL: {error}") from None
    if parts.scheme not in {"https", "http"} or not parts.hostname:
        raise ReceiverRefused(f"{url!r} is not an https:// URL with a host")
    if parts.username is not None or parts.password is not None:
        raise ReceiverRefused(
            f"{url!r} carries credentials; leave them out: receivers check the register's signature instead"
        )
    if parts.fragment:
        raise ReceiverRefused(f"{url!r} has a fragment (#...), which is never sent; leave it out")
    return parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80)


def _refusal(address: Address, settings: Settings) -> str | None:
    """Why the register may not send to an address, or None when it may."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_loopback:
        return None if settings.webhook_allow_loopback else "a loopback address (WEBHOOK_ALLOW_LOOPBACK allows it)"
    if address.is_link_local or address.is_multicast or address.is_unspecified or address.is_reserved:
        return "a link-local, multicast, unspecified or reserved address, never a receiver's"
    if address.is_private or not address.is_global:
        return None if settings.webhook_allow_private else "a private address (WEBHOOK_ALLOW_PRIVATE allows it)"
    return None


async def _addresses(host: str, port: int) -> list[Address]:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        found = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as error:
        raise ReceiverRefused(f"the receiver's host {host!r} cannot be resolved ({error})") from None
    # An IPv6 address may carry its zone (fe80::1%eth0); the zone is no part of what is checked.
    return list(dict.fromkeys(ipaddress.ip_address(str(info[4][0]).partition("%")[0]) for info in found))


async def resolve_receiver(url: str, settings: Settings) -> Receiver:
    """The receiver at a URL, every address of its host checked, or why the register may not send to it."""
    scheme, host, port = check_url(url)
    addresses = await _addresses(host, port)
    for address in addresses:
        refusal = _refusal(address, settings)
        if refusal is not None:
            raise ReceiverRefused(f"the receiver's host {host!r} resolves to {address}, {refusal}")
    if scheme == "http" and not all(address.is_loopback for address in addresses):
        raise ReceiverRefused(f"{url!r} is plain http; receivers must use https (http only on loopback)")
    return Receiver(url.strip(), scheme, host, port, tuple(str(address) for address in addresses))
