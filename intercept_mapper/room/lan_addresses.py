"""Where phones in the room can reach this machine: its IPv4 addresses on the local network.

No packet is sent: asking the system which address it would use towards a public one (a UDP "connect")
gives the address on the default route; the host name's addresses add the others. Loopback comes last,
and never ``0.0.0.0`` (listening on every interface is for the facilitator to ask for with ``--host``).
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket

LOOPBACK = "127.0.0.1"


def _default_route_address() -> str | None:
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.1", 9))  # TEST-NET-1: routed like the internet, never reached
        return probe.getsockname()[0]
    return None


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses phones could reach, the default route's first, loopback last."""
    found: list[str] = []
    first = _default_route_address()
    if first:
        found.append(first)
    with contextlib.suppress(OSError, UnicodeError):
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET, socket.SOCK_STREAM):
            found.append(str(info[4][0]))
    usable = []
    for text in dict.fromkeys(found):
        with contextlib.suppress(ValueError):
            address = ipaddress.IPv4Address(text)
            if not (address.is_loopback or address.is_unspecified or address.is_multicast):
                usable.append(text)
    return [*usable, LOOPBACK]


def default_host() -> str:
    """The address to listen on when none is given: the LAN address, else loopback."""
    return lan_addresses()[0]
