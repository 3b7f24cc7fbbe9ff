"""Before the server says where it serves: can it listen there at all?

uvicorn finds out only after ``newscaster serve`` has announced the address, and then exits with its own
message ("address already in use", exit 3). Binding the address first turns each reason into one line
that says what to do.
"""

from __future__ import annotations

import errno
import socket

from ..errors import OptionError


def check_address(host: str, port: int) -> None:
    """Raise ``OptionError`` when nothing could listen on ``host``:``port`` right now."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror:
        raise OptionError(f"Cannot listen on {host}: no such host name or address") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds it next
        try:
            probe.bind(address)
        except OSError as error:
            raise OptionError(_reason(error, host, port)) from None


def _reason(error: OSError, host: str, port: int) -> str:
    if error.errno == errno.EADDRINUSE:
        return (
            f"Port {port} on {host} is already in use (another 'newscaster serve'?); "
            "stop that server or choose another port with --port"
        )
    if error.errno == errno.EADDRNOTAVAIL:
        return f"Cannot listen on {host}: it is not an address of this machine"
    if error.errno == errno.EACCES:
        return f"Port {port} needs administrator rights (ports below 1024 do); choose --port 8000 or above"
    return f"Cannot listen on {host}:{port}: {error.strerror or error}"
