"""Leases on a real Redis: one holder at a time, a waiter gets it once it is given back, a heartbeat keeps
it while its holder works, and the running-jobs list is taken by one reaper only."""

from __future__ import annotations

import threading
import time

import pytest

from newscaster.jobs import leases as leases_module
from newscaster.jobs.celery_queue import redis_client_for
from newscaster.jobs.leases import KEY_PREFIX, RedisLeases


@pytest.fixture
def leases(redis_url: str) -> RedisLeases:
    return RedisLeases(redis_client_for(redis_url))


def test_a_lease_has_one_holder_at_a_time(leases: RedisLeases) -> None:
    with leases.hold("job:a") as first:
        assert first and leases.held("job:a")
        with leases.hold("job:a") as second:
            assert not second
    assert not leases.held("job:a")
    with leases.hold("job:a") as again:
        assert again


def test_a_waiter_gets_the_lease_once_its_holder_is_done(leases: RedisLeases) -> None:
    got_at: list[float] = []
    holding = threading.Event()

    def holder() -> None:
        with leases.hold("narration:k"):
            holding.set()
            time.sleep(1.5)

    thread = threading.Thread(target=holder)
    thread.start()
    holding.wait(10)
    started = time.monotonic()
    with leases.hold("narration:k", wait_s=30) as got:
        got_at.append(time.monotonic() - started)
        assert got
    thread.join()
    assert 0.5 < got_at[0] < 15


def test_the_heartbeat_keeps_a_lease_past_its_ttl(
    leases: RedisLeases, redis_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(leases_module, "LEASE_TTL_S", 1.0)
    monkeypatch.setattr(leases_module, "HEARTBEAT_S", 0.2)
    with leases.hold("job:long") as got:
        assert got
        time.sleep(2.5)  # more than two TTLs
        assert leases.held("job:long")
    assert not redis_client_for(redis_url).exists(KEY_PREFIX + "job:long")


def test_a_lease_without_heartbeat_lapses(leases: RedisLeases, monkeypatch: pytest.MonkeyPatch) -> None:
    """What happens to a killed worker's lease: nobody renews it, and it goes after its TTL."""
    monkeypatch.setattr(leases_module, "LEASE_TTL_S", 1.0)
    monkeypatch.setattr(leases_module, "HEARTBEAT_S", 60.0)
    with leases.hold("job:dead") as got:
        assert got
        time.sleep(1.6)
        assert not leases.held("job:dead")


def test_a_running_job_is_unlisted_by_one_reaper_only(leases: RedisLeases) -> None:
    leases.add_running("j1")
    assert leases.running() == ["j1"]
    assert leases.drop_running("j1")
    assert not leases.drop_running("j1")
    assert leases.running() == []
