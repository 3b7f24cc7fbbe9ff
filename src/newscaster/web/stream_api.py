"""A narration while it is being made: its audio (``stream_url``) and its timings (``events_url``).

``GET /api/jobs/{id}/stream`` answers ``audio/mpeg`` progressively (chunked) from the first sentence to
the last, the same bytes for every listener, from the start for one who joins late; once the stream is
gone (``STREAM_KEEP_S`` after the job) or when the job reused a stored narration, it redirects to the
stored file (the same audio). ``GET /api/jobs/{id}/events`` is a server-sent events stream: one
``sentence`` event per sentence as soon as its place in the audio is known (the fields of
``timings.json``), then ``done`` (with the narration's ``audio_url``) or ``failed``.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse, StreamingResponse

from ..jobs.base import Job, JobState
from ..jobs.streams import LiveStream
from .api import LIMITED_READ, READ_LIMIT_RESPONSE, ApiError, _errors, narration_json, streamable
from .site import root_of
from .state import AppState

router = APIRouter(prefix="/api", tags=["api"])

STREAM_POLL_S = 0.02
"""How often a listener looks for new audio: a sentence takes tens of milliseconds to make, and looking
is a lock and a list slice."""
EVENTS_POLL_S = 0.1
"""How often the events stream looks for new timings."""
JOB_CHECK_S = 0.5
"""How often a waiting listener asks the database about the job; the stream itself is in memory."""
STREAM_WAIT_S = 3600.0
"""Longest a listener waits for a queued job to start or for its next sentence before the response ends."""


def _job(request: Request, job_id: str) -> tuple[AppState, Job]:
    state: AppState = request.app.state.newscaster
    job = state.queue.get(job_id)
    if job is None:
        raise ApiError(404, f"No job {job_id!r}")
    return state, job


def _stored_audio_url(state: AppState, job: Job, root: str) -> str | None:
    """The stored narration's versioned ``audio_url`` (under the server's sub-path ``root``)."""
    if job.state is not JobState.DONE or not job.article_id or not job.narration_id:
        return None
    stored = state.library.get_article(job.article_id)
    if stored is None:
        return None
    found = next((n for n in state.library.narrations_of(stored) if n.id == job.narration_id), None)
    return narration_json(found, root)["audio_url"] if found else None


def _failed(job: Job) -> ApiError:
    return ApiError(409, f"The narration failed: {job.error or 'no reason given'}")


async def _job_state(state: AppState, job_id: str) -> Job | None:
    """The job from the database, off the event loop (a write lock elsewhere must not stall it)."""
    return await asyncio.to_thread(state.queue.get, job_id)


async def _first_audio(state: AppState, job_id: str) -> LiveStream | None:
    """The job's stream once it has audio (waiting for a queued job to start); None when the job ended
    without streaming (a stored narration was reused, it failed, or its stream is gone)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + STREAM_WAIT_S
    next_check = 0.0
    while loop.time() < deadline:
        stream = state.streams.get(job_id)
        if stream is not None and stream.has_audio:
            return stream
        if loop.time() >= next_check or (stream is not None and stream.finished):
            job = await _job_state(state, job_id)
            if job is None or job.state in (JobState.DONE, JobState.FAILED):
                stream = state.streams.get(job_id)
                return stream if stream is not None and stream.has_audio else None
            next_check = loop.time() + JOB_CHECK_S
        await asyncio.sleep(STREAM_POLL_S)
    return None


async def _audio_bytes(stream: LiveStream) -> AsyncIterator[bytes]:
    position, idle_s = 0, 0.0
    while idle_s < STREAM_WAIT_S:
        state = stream.since(position)
        position = state.audio_position
        if state.audio:
            idle_s = 0.0
            yield state.audio
        elif state.finished:
            return  # an interrupted run just ends: the listener moves to the stored file or retries
        else:
            await asyncio.sleep(STREAM_POLL_S)
            idle_s += STREAM_POLL_S


@router.get(
    "/jobs/{job_id}/stream",
    response_class=StreamingResponse,
    responses={
        200: {"description": "The narration's MP3, sent as it is made", "content": {"audio/mpeg": {}}},
        307: {"description": "The narration is stored: its audio file"},
        429: READ_LIMIT_RESPONSE,
        **_errors(404, 409),
    },
    dependencies=LIMITED_READ,  # each listener holds a connection open: they count as reads
)
async def stream_audio(job_id: str, request: Request) -> Response:
    """The narration's audio from its first sentence on, while the job makes it (MP3 jobs only)."""
    state, job = _job(request, job_id)
    if not streamable(job, state):
        raise ApiError(
            404,
            f"This {job.request.audio_format} narration is not streamed (only MP3 jobs this server runs "
            "itself are); use its stored file",
        )
    stream = await _first_audio(state, job_id)
    if stream is None:
        job = state.queue.get(job_id) or job
        if job.state is JobState.FAILED:
            raise _failed(job)
        stored = _stored_audio_url(state, job, root_of(request.scope))
        if stored is None:
            raise ApiError(404, "The narration is not there yet; follow the job and try again")
        return RedirectResponse(stored, status_code=307)
    return StreamingResponse(
        _audio_bytes(stream),
        media_type="audio/mpeg",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},  # nginx: pass bytes on at once
    )


def _event(kind: str, data: dict[str, Any]) -> bytes:
    return f"event: {kind}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n".encode()


async def _events(state: AppState, job_id: str, root: str) -> AsyncIterator[bytes]:
    loop = asyncio.get_running_loop()
    stream, position, next_check = None, 0, 0.0
    while True:
        current = state.streams.get(job_id)
        if current is not stream:  # the job's run started (or started over after a crash)
            stream, position = current, 0
        if stream is not None:
            found = stream.since(timing_position=position)
            position = found.timing_position
            for timing in found.timings:
                yield _event("sentence", timing)
        if stream is None or stream.finished or loop.time() >= next_check:
            job = await _job_state(state, job_id)
            if job is None:
                return
            if job.state is JobState.DONE:
                url = await asyncio.to_thread(_stored_audio_url, state, job, root)
                yield _event("done", {"job_id": job_id, "audio_url": url})
                return
            if job.state is JobState.FAILED:
                yield _event("failed", {"job_id": job_id, "error": job.error})
                return
            next_check = loop.time() + JOB_CHECK_S
        await asyncio.sleep(EVENTS_POLL_S)


@router.get(
    "/jobs/{job_id}/events",
    response_class=StreamingResponse,
    responses={
        200: {"description": "Server-sent events", "content": {"text/event-stream": {}}},
        429: READ_LIMIT_RESPONSE,
        **_errors(404),
    },
    dependencies=LIMITED_READ,
)
async def stream_events(job_id: str, request: Request) -> Response:
    """Each sentence's timing as soon as it is known, then ``done`` or ``failed`` (server-sent events)."""
    state, _ = _job(request, job_id)
    return StreamingResponse(
        _events(state, job_id, root_of(request.scope)),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )
