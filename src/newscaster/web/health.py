"""``/healthz`` (liveness) and ``/readyz`` (readiness) for load balancers, orchestrators and monitors.

``/healthz`` answers 200 as long as the process serves requests: a failing one means restart it.
``/readyz`` asks every backend the server depends on (the database, the job queue or its broker, the
narration storage) and answers 200 when all answer, else 503 naming what is down: send no traffic
there, but do not restart it (the backend is what needs attention).

Each backend brings its own check: a component with a ``readiness_check()`` method returning a
``ReadinessCheck`` is asked through it (a PostgreSQL database, a Celery queue's broker); the embedded
SQLite database and queue get a one-row query, the storage its ``check()``.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from .. import __version__

READINESS_TIMEOUT_S = 3.0
"""A check that has not answered in 3 s counts as down: load balancers probe every few seconds and give
up on a probe after about 5."""

router = APIRouter(tags=["operations"])


class ReadinessCheck(Protocol):
    """One backend's reachability: ``check()`` returns when it can be used, raises (its message says
    why) when not."""

    @property
    def name(self) -> str: ...

    def check(self) -> None: ...


@runtime_checkable
class ChecksItself(Protocol):
    """A backend that knows best how to tell it is reachable (a broker ping, a database round trip)."""

    def readiness_check(self) -> ReadinessCheck: ...


@dataclass(frozen=True)
class Probe:
    """A ``ReadinessCheck`` from a name and a function."""

    name: str
    run: Callable[[], Any]

    def check(self) -> None:
        self.run()


def readiness_checks(*named: tuple[str, Any, Callable[[], Any]]) -> list[ReadinessCheck]:
    """``(name, component, fallback)``: the component's own check if it has one, else ``fallback``."""
    return [
        component.readiness_check() if isinstance(component, ChecksItself) else Probe(name, fallback)
        for name, component, fallback in named
    ]


def run_checks(checks: list[ReadinessCheck], timeout_s: float = READINESS_TIMEOUT_S) -> dict[str, str]:
    """Each check's outcome by name: "ok", or why not. They run at once, so one hung backend costs
    ``timeout_s`` in all, not per check."""
    # A pool per call: a check stuck past its timeout keeps only its own thread, never the next probe's.
    pool = ThreadPoolExecutor(max_workers=max(1, len(checks)), thread_name_prefix="readyz")
    try:
        futures = {check.name: pool.submit(check.check) for check in checks}
        outcomes = {}
        for name, future in futures.items():
            try:
                future.result(timeout=timeout_s)
                outcomes[name] = "ok"
            except FutureTimeout:
                outcomes[name] = f"no answer within {timeout_s:g} s"
            except Exception as error:
                outcomes[name] = str(error) or type(error).__name__
        return outcomes
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


@router.get("/healthz", responses={200: {"description": "The process is up and serving requests"}})
def healthz() -> dict[str, str]:
    """Liveness: 200 while the process serves requests (it asks no backend)."""
    return {"status": "ok", "version": __version__}


@router.get(
    "/readyz",
    responses={
        200: {"description": "Every backend is reachable"},
        503: {"description": "A backend is down; `checks` says which and why"},
    },
)
def readyz(request: Request) -> JSONResponse:
    """Readiness: the database, the job queue (or its broker) and the narration storage are reachable."""
    checks = request.app.state.newscaster.readiness
    outcomes = run_checks(checks)
    down = [name for name, outcome in outcomes.items() if outcome != "ok"]
    headers = {"Cache-Control": "no-store"}
    if not down:
        return JSONResponse({"status": "ready", "checks": outcomes}, headers=headers)
    body = {"status": "unavailable", "error": f"Not ready: {', '.join(down)} down", "down": down}
    return JSONResponse(
        {**body, "checks": outcomes}, status_code=503, headers={**headers, "Retry-After": "5"}
    )
