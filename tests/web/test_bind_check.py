"""``newscaster serve`` checks that it can listen before it says where it serves."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from newscaster.errors import OptionError
from newscaster.web.bind_check import check_address


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        yield server.getsockname()[1]


def test_a_busy_port_is_said_before_anything_claims_to_serve(
    busy_port: int, tmp_path: Path, settings, run_cli
) -> None:
    env = {
        **os.environ,
        "NEWSCASTER_DATA_DIR": str(tmp_path),
        "NEWSCASTER_CACHE_DIR": str(settings.cache_dir),
    }
    result = run_cli(["serve", "--port", str(busy_port)], env)
    assert result.returncode == 1
    assert result.stdout == ""  # never "newscaster is serving on …"
    assert result.stderr == (
        f"newscaster: Port {busy_port} on 127.0.0.1 is already in use (another 'newscaster serve'?); "
        "stop that server or choose another port with --port\n"
    )


def test_addresses_that_cannot_be_listened_on() -> None:
    with pytest.raises(OptionError, match="not an address of this machine"):
        check_address("192.0.2.10", 8000)  # TEST-NET-1: never this machine's
    with pytest.raises(OptionError, match="no such host name"):
        check_address("no-such-host.invalid", 8000)
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    check_address("127.0.0.1", port)  # free: no error
