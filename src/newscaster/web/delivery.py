"""Serving a narration's files, wherever the storage keeps them: Range requests (seeking), ETag
revalidation, and for audio in object storage either a proxied stream or a redirect to a presigned URL.

``NEWSCASTER_STORAGE_DELIVERY`` chooses for object storage: ``proxy`` (the default) streams the object
through the server, so the only origin a listener talks to is this one (the CSP stays ``media-src 'self'``,
podcast apps keep one stable URL, and the bucket may sit on a private network); ``presign`` answers the
audio URL with a 307 to a presigned URL of the object, so the bytes skip the server (for a bucket listeners
can reach, e.g. behind a CDN). Transcripts and timings, small and read by the page's scripts, are always
proxied.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import FileResponse, RedirectResponse, Response, StreamingResponse

from ..store.storage import Location, NarrationStorage, ObjectRef
from .api_errors import ApiError

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
MISSING = "The narration's file is missing; narrate the article again"
PRESIGNED_REDIRECT_CACHE_CONTROL = "private, no-cache"
"""A presigned URL expires: the redirect to it is never reused without asking the server again."""


@runtime_checkable
class ObjectReader(Protocol):
    """What serving an object needs from a storage that keeps objects (``S3Storage``)."""

    delivery: str

    def size_bytes(self, location: Location) -> int | None: ...

    def read_range(
        self, location: Location, first: int | None = None, last: int | None = None
    ) -> Iterator[bytes]: ...

    def presigned_url(self, location: ObjectRef, media_type: str) -> str: ...

    def media_origin(self) -> str | None: ...


def media_origins(storage: NarrationStorage) -> tuple[str, ...]:
    """Origins besides this server that players load audio from (for the CSP's ``media-src``)."""
    origin = storage.media_origin() if isinstance(storage, ObjectReader) else None
    return (origin,) if origin else ()


def file_response(
    request: Request,
    storage: NarrationStorage,
    location: Location,
    media_type: str,
    cache_control: str,
    *,
    filename: str | None = None,
    may_redirect: bool = False,
) -> Response:
    """The file at ``location``; ``may_redirect`` lets audio go by presigned URL when so configured."""
    if isinstance(location, Path):
        return _local_file(request, location, media_type, cache_control, filename)
    if not isinstance(storage, ObjectReader):
        raise ApiError(404, MISSING)
    asked = ObjectRequest(request, storage, location, media_type, cache_control, filename)
    return _DELIVERIES[storage.delivery](asked) if may_redirect else _proxied(asked)


@dataclass(frozen=True)
class ObjectRequest:
    """A request for one object, and how to answer it."""

    request: Request
    storage: ObjectReader
    location: ObjectRef
    media_type: str
    cache_control: str
    filename: str | None


def _local_file(
    request: Request, path: Path, media_type: str, cache_control: str, filename: str | None
) -> Response:
    """A file on disk with Range support (Starlette) and If-None-Match revalidation (a 304 saves the
    download)."""
    try:
        stat = path.stat()
    except OSError:
        raise ApiError(404, MISSING) from None
    extra: dict[str, Any] = {"filename": filename, "content_disposition_type": "inline"} if filename else {}
    response = FileResponse(
        path, media_type=media_type, headers={"Cache-Control": cache_control}, stat_result=stat, **extra
    )
    etag = response.headers.get("etag")
    if etag and _matches(request, etag):
        return Response(status_code=304, headers={"ETag": etag, "Cache-Control": cache_control})
    return response


def _matches(request: Request, etag: str) -> bool:
    wanted = request.headers.get("if-none-match", "")
    return etag in {tag.strip() for tag in wanted.split(",")}


def byte_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The one range ``bytes=first-last`` asks for within ``size`` bytes, or None for the whole file (no
    header, or one this does not handle: several ranges, another unit). ``ValueError`` when unsatisfiable."""
    match = _RANGE.match((header or "").replace(" ", ""))
    if match is None or not any(match.groups()):
        return None
    first_text, last_text = match.groups()
    if not first_text:  # the last N bytes
        suffix = int(last_text)
        if suffix == 0:
            raise ValueError("empty suffix range")
        return max(0, size - suffix), size - 1
    first = int(first_text)
    last = min(int(last_text), size - 1) if last_text else size - 1
    if first >= size:
        raise ValueError("range starts past the end")
    if first > last:
        return None  # malformed: ignored, as HTTP says
    return first, last


def _proxied(asked: ObjectRequest) -> Response:
    """The object streamed through the server: 200, or 206 with the asked range, or 416."""
    request, storage, location = asked.request, asked.storage, asked.location
    media_type, cache_control, filename = asked.media_type, asked.cache_control, asked.filename
    etag = f'"{location.name.split(".")[0][:32]}"'  # the key names the bytes: no request to the storage
    headers = {"Cache-Control": cache_control, "ETag": etag, "Accept-Ranges": "bytes"}
    if _matches(request, etag):
        return Response(status_code=304, headers={"ETag": etag, "Cache-Control": cache_control})
    size = storage.size_bytes(location)
    if size is None:
        raise ApiError(404, MISSING)
    if filename:
        headers["Content-Disposition"] = f"inline; filename*=utf-8''{quote(filename)}"
    try:
        wanted = byte_range(request.headers.get("range"), size)
    except ValueError:
        return Response(status_code=416, headers={"Content-Range": f"bytes */{size}", **headers})
    if wanted is None:
        body = storage.read_range(location)
        headers["Content-Length"] = str(size)
        return StreamingResponse(body, media_type=media_type, headers=headers)
    first, last = wanted
    body = storage.read_range(location, first, last)
    headers["Content-Range"] = f"bytes {first}-{last}/{size}"
    headers["Content-Length"] = str(last - first + 1)
    return StreamingResponse(body, status_code=206, media_type=media_type, headers=headers)


def _redirected(asked: ObjectRequest) -> Response:
    """A 307 to a presigned URL of the object (the player's Range header goes along to the storage)."""
    if asked.storage.size_bytes(asked.location) is None:
        raise ApiError(404, MISSING)
    url = asked.storage.presigned_url(asked.location, asked.media_type)
    return RedirectResponse(url, status_code=307, headers={"Cache-Control": PRESIGNED_REDIRECT_CACHE_CONTROL})


Deliver = Callable[[ObjectRequest], Response]
_DELIVERIES: dict[str, Deliver] = {"proxy": _proxied, "presign": _redirected}
