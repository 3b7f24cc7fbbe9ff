"""What a failed job says: the real cause, in words for the person who asked."""

from __future__ import annotations

import errno
import socket

import pytest

from newscaster.errors import FetchError, OutputError
from newscaster.fetch import fetch_url
from newscaster.jobs.worker import failure_reason


def fetch_error(url: str, **kwargs: object) -> FetchError:
    with pytest.raises(FetchError) as caught:
        fetch_url(url, **kwargs)  # type: ignore[arg-type]
    return caught.value


def test_an_unknown_host_says_the_page_could_not_be_fetched() -> None:
    """The name lookup fails with an OSError, which is not the server failing to save anything."""
    reason = failure_reason(fetch_error("http://nonexistent.invalid/story"))
    assert reason.startswith("The page could not be fetched: Could not find the server nonexistent.invalid")
    assert "could not be saved" not in reason


def test_a_refused_connection_says_why() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there
    reason = failure_reason(fetch_error(f"http://127.0.0.1:{port}/", allow_private=True))
    assert reason.startswith("The page could not be fetched: Could not connect to 127.0.0.1")
    assert "refused" in reason.lower()


def test_an_output_the_server_could_not_write_is_still_the_servers_problem() -> None:
    try:
        raise OSError(errno.ENOSPC, "No space left on device")
    except OSError as cause:
        error = OutputError("Cannot write x.mp3")
        error.__cause__ = cause
    assert failure_reason(error).startswith("The server's disk is full")
