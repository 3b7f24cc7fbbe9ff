"""Narration files in S3-compatible object storage (MinIO, Ceph RGW, Cloudflare R2, AWS S3) via boto3.

``NEWSCASTER_STORAGE_URL=s3://bucket/prefix``; the endpoint, region and credentials come from the usual
AWS variables (``AWS_ENDPOINT_URL_S3`` or ``AWS_ENDPOINT_URL``, ``AWS_REGION`` or ``AWS_DEFAULT_REGION``,
``AWS_ACCESS_KEY_ID`` and ``AWS_SECRET_ACCESS_KEY``, or any other way boto3 finds them).

A run's files are written to a local scratch folder by ``narrate()``, then each is uploaded under a key
made of the SHA-256 of its bytes (``<prefix>/narrations/ab/abcdef….mp3``): nothing a request or an
article controls ever becomes part of a key. A PUT is all or nothing (an object appears whole, or not at
all), and the row that makes the objects served is written only after every upload succeeded; a failed
upload leaves the narration being replaced served. Superseded objects are deleted after the same grace
period as files on disk.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import secrets
import shutil
import threading
import time
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ..audio.encode import audio_formats, encoder_for
from ..config import Settings
from ..errors import OptionError
from ..models import Narration
from .narration_files import SUPERSEDED_GRACE_S, LocalDiskStorage
from .storage import Location, ObjectRef, Published, ReferencedFiles, StorageUnavailable

try:
    from botocore.exceptions import BotoCoreError, ClientError

    CLIENT_ERRORS: tuple[type[Exception], ...] = (BotoCoreError, ClientError)
except ImportError:  # boto3 not installed: s3_storage_for says what to install
    CLIENT_ERRORS = ()

if TYPE_CHECKING:
    from .library import StoredArticle

log = logging.getLogger(__name__)

DELIVERIES = ("proxy", "presign")
"""How listeners get audio kept in object storage (``NEWSCASTER_STORAGE_DELIVERY``); see docs/operating.md."""
CONNECT_TIMEOUT_S = 5.0
"""An endpoint on the same network answers in milliseconds; one that has not connected in 5 s is down."""
READ_TIMEOUT_S = 60.0
"""Upper bound on a stalled transfer; uploads of even a two-hour MP3 (~60 MB) move far faster."""
MAX_ATTEMPTS = 3
"""Tries per request (botocore's "standard" retries, with backoff): rides out a dropped connection or a
503 from a busy endpoint, and still fails a job within seconds when the endpoint is down."""
PROBE_TIMEOUT_S = 2.0
"""``/readyz`` asks the bucket once with this timeout: a load balancer's probe must not hang."""
PRESIGNED_URL_TTL_S = 4 * 3600
"""A player keeps using the URL it was redirected to for every Range request of a listening session;
four hours covers the longest narration (about two hours at 1x) heard at 0.5x."""
KNOWN_OBJECT_TTL_S = 30.0
"""An object seen a moment ago is still there (keys name their content, and an unreferenced one is kept
for ``SUPERSEDED_GRACE_S``): page renders and a player's Range requests skip the HEAD for this long."""
MAX_KNOWN_OBJECTS = 10_000
"""Bound on that memory (about a megabyte); it starts over when full."""
DELETE_BATCH = 1000
"""Keys per DeleteObjects request: the S3 API's limit."""
STREAM_CHUNK_BYTES = 64 * 1024
"""Proxied audio is passed on in pieces of this size: small enough to start playing at once."""
_SEGMENT = re.compile(r"^[A-Za-z0-9._-]+$")
_SUFFIX = re.compile(r"^\.[a-z0-9]{1,10}$")
_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_MEDIA_TYPES = {".vtt": "text/vtt; charset=utf-8", ".json": "application/json"}


def parse_storage_url(url: str) -> tuple[str, str]:
    """(bucket, key prefix ending in "/" or empty) from ``s3://bucket/prefix``; an ``OptionError`` names
    what is wrong (a prefix is the operator's, but still never climbs out with ``..``)."""
    parts = urlsplit(url)
    bucket, prefix = parts.netloc, parts.path.strip("/")
    if not _BUCKET.match(bucket) or parts.query or parts.fragment:
        raise OptionError(
            f"NEWSCASTER_STORAGE_URL: {url!r} is not s3://bucket[/prefix] with a valid bucket name"
        )
    segments = prefix.split("/") if prefix else []
    if any(not _SEGMENT.match(s) or s in {".", ".."} for s in segments):
        raise OptionError(
            f"NEWSCASTER_STORAGE_URL: the prefix {prefix!r} may hold only letters, digits, '.', '_', '-' "
            "and '/' between parts (no empty, '.' or '..' parts)"
        )
    return bucket, "".join(f"{segment}/" for segment in segments)


def content_key(prefix: str, data: bytes, suffix: str) -> str:
    """``<prefix>narrations/ab/<sha256>.<ext>``: named by the bytes alone."""
    if not _SUFFIX.match(suffix):
        raise ValueError(f"not a file extension: {suffix!r}")
    digest = hashlib.sha256(data).hexdigest()
    return f"{prefix}narrations/{digest[:2]}/{digest}{suffix}"


def media_type_of(name: str) -> str:
    suffix = Path(name).suffix
    fmt = suffix.lstrip(".")
    if fmt in audio_formats():
        return encoder_for(fmt).media_type
    return _MEDIA_TYPES.get(suffix, "application/octet-stream")


def _reason(error: Exception) -> str:
    response = getattr(error, "response", None)
    if isinstance(response, dict):
        detail = response.get("Error", {})
        return f"{detail.get('Code', 'error')}: {detail.get('Message', '') or error}".rstrip(": ")
    return str(error)


def _is_missing(error: Exception) -> bool:
    response = getattr(error, "response", None)
    if not isinstance(response, dict):
        return False
    code = str(response.get("Error", {}).get("Code", ""))
    status = response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    return code in {"404", "NoSuchKey", "NotFound"} or status == 404


class S3Storage:
    """Narration files as objects in ``bucket`` under ``prefix`` (see the module's docstring)."""

    def __init__(
        self,
        bucket: str,
        prefix: str,
        *,
        client: Any,
        scratch_dir: Path,
        probe_client: Any = None,
        presign_client: Any = None,
        delivery: str = "proxy",
        grace_s: float = SUPERSEDED_GRACE_S,
    ) -> None:
        if delivery not in DELIVERIES:
            raise OptionError(
                f"NEWSCASTER_STORAGE_DELIVERY must be one of {', '.join(DELIVERIES)}, not {delivery!r}"
            )
        self.bucket, self.prefix = bucket, prefix
        self.client = client
        self.probe_client = probe_client or client
        self.presign_client = presign_client or client
        self.scratch_dir = scratch_dir
        self.delivery = delivery
        self.grace_s = grace_s
        self.description = f"s3://{bucket}/{prefix}"
        self._known: dict[ObjectRef, tuple[int, float]] = {}  # ref → (size in bytes, when seen)
        self._retired: dict[ObjectRef, float] = {}  # ref → when its grace period ends (time.time())
        self._lock = threading.Lock()
        # Narrations made before the switch to object storage stay on disk, served from there until
        # narrated again (their rows name paths, not objects).
        self.local = LocalDiskStorage(scratch_dir.parent / "audio", grace_s)

    # --- writing ------------------------------------------------------------------------------------------

    def new_output(self, stored: StoredArticle, voice_id: str, speed: float, audio_format: str) -> Path:
        """A scratch folder of this run's own; ``publish`` uploads its files and removes it."""
        return self.scratch_dir / secrets.token_hex(8) / f"{stored.id}.{audio_format}"

    def publish(self, narration: Narration) -> Published:
        locals_ = [Path(narration.audio_path), Path(narration.vtt_path), Path(narration.json_path)]
        refs: list[ObjectRef] = []
        total = 0
        try:
            for path in locals_:
                data = path.read_bytes()
                key = content_key(self.prefix, data, path.suffix)
                try:
                    self.client.put_object(
                        Bucket=self.bucket, Key=key, Body=data, ContentType=media_type_of(path.name)
                    )
                except CLIENT_ERRORS as error:  # endpoint down, refused, timed out
                    # Nothing uploaded is deleted here: a key names its bytes, so it may be the very
                    # object the narration being replaced is served from. The sweep removes it if no
                    # row refers to it.
                    raise StorageUnavailable(
                        f"The narration could not be stored in {self.description}: {_reason(error)}"
                    ) from error
                ref = self._ref(key)
                with self._lock:
                    self._retired.pop(ref, None)  # published again (same bytes): served, not superseded
                    self._remember(ref, len(data))
                refs.append(ref)
                total += len(data)
        finally:
            if self.scratch_dir in locals_[0].parents:
                shutil.rmtree(locals_[0].parent, ignore_errors=True)
        audio, vtt, timings = (str(ref) for ref in refs)
        return Published(replace(narration, audio_path=audio, vtt_path=vtt, json_path=timings), total)

    # --- reading ------------------------------------------------------------------------------------------

    def exists(self, location: Location) -> bool:
        return self.size_bytes(location) is not None

    def size_bytes(self, location: Location) -> int | None:
        if not isinstance(location, ObjectRef):
            return self.local.size_bytes(location)
        with self._lock:
            known = self._known.get(location)
        if known is not None and time.monotonic() - known[1] < KNOWN_OBJECT_TTL_S:
            return known[0]
        try:
            head = self.client.head_object(Bucket=location.bucket, Key=location.key)
        except CLIENT_ERRORS as error:
            if _is_missing(error):
                return None
            raise StorageUnavailable(
                f"The object storage {self.description} is unreachable: {_reason(error)}"
            ) from error
        size = int(head["ContentLength"])
        with self._lock:
            self._remember(location, size)
        return size

    def read_text(self, location: Location) -> str:
        if not isinstance(location, ObjectRef):
            return self.local.read_text(location)
        return b"".join(self.read_range(location)).decode("utf-8")

    def read_range(
        self, location: Location, first: int | None = None, last: int | None = None
    ) -> Iterator[bytes]:
        """The object's bytes ``first``…``last`` (inclusive; all of them when not given), in pieces.
        ``FileNotFoundError`` when it is not there, ``StorageUnavailable`` when the storage fails."""
        if not isinstance(location, ObjectRef):
            raise FileNotFoundError(str(location))
        extra = {"Range": f"bytes={first}-{last}"} if first is not None and last is not None else {}
        try:
            response = self.client.get_object(Bucket=location.bucket, Key=location.key, **extra)
        except CLIENT_ERRORS as error:
            if _is_missing(error):
                raise FileNotFoundError(str(location)) from error
            raise StorageUnavailable(
                f"The object storage {self.description} is unreachable: {_reason(error)}"
            ) from error
        body = response["Body"]

        def pieces() -> Iterator[bytes]:
            try:
                yield from body.iter_chunks(STREAM_CHUNK_BYTES)
            finally:
                body.close()

        return pieces()

    def presigned_url(self, location: ObjectRef, media_type: str) -> str:
        """A URL listeners fetch the object from directly, for ``PRESIGNED_URL_TTL_S``."""
        return str(
            self.presign_client.generate_presigned_url(
                "get_object",
                Params={"Bucket": location.bucket, "Key": location.key, "ResponseContentType": media_type},
                ExpiresIn=PRESIGNED_URL_TTL_S,
            )
        )

    def media_origin(self) -> str | None:
        """Where listeners' players fetch audio from besides this server (the page's CSP ``media-src``
        must allow it): the presigned URLs' origin with ``presign``, else None."""
        if self.delivery != "presign":
            return None
        parts = urlsplit(self.presigned_url(self._ref(f"{self.prefix}narrations/origin"), "audio/mpeg"))
        return f"{parts.scheme}://{parts.netloc}"

    def stamp(self, location: Location) -> Hashable | None:
        if not isinstance(location, ObjectRef):
            return self.local.stamp(location)
        return str(location)  # a key names its bytes: a new key is the only way they change

    # --- removing -----------------------------------------------------------------------------------------

    def retire(self, locations: Iterable[Location]) -> None:
        """Start each object's grace period: remembered here for the sweep after the next job, and marked on
        the object itself (a copy onto itself renews its modification time) for a sweep after a restart."""
        due = time.time() + self.grace_s
        for location in locations:
            if not isinstance(location, ObjectRef):
                self.local.retire([location])
                continue
            with self._lock:
                self._retired[location] = due
            try:
                self.client.copy_object(
                    Bucket=location.bucket, Key=location.key,
                    CopySource={"Bucket": location.bucket, "Key": location.key},
                    MetadataDirective="REPLACE", Metadata={"retired": str(int(time.time()))},
                    ContentType=media_type_of(location.name),
                )  # fmt: skip
            except CLIENT_ERRORS as error:
                log.warning("could not mark %s as superseded: %s", location, _reason(error))

    def remove_unreferenced(self, referenced: ReferencedFiles, article_id: str | None = None) -> int:
        """After a job (``article_id`` given): the objects it and earlier jobs retired whose grace is over.
        At start (None): every object under the prefix that no row refers to and that has not changed for
        the grace period (a run's uploads are recorded within moments), and stale scratch folders."""
        now = time.time()
        if article_id is not None:
            with self._lock:
                candidates = [ref for ref, due in self._retired.items() if due <= now]
        else:
            candidates = [ref for ref, modified in self._listing() if now - modified >= self.grace_s]
            self._sweep_scratch(now)
            self.local.remove_unreferenced(referenced)
        if not candidates:
            return 0
        kept = referenced(None)  # all rows: identical bytes of another article share the key
        gone = [ref for ref in candidates if ref not in kept]
        for start in range(0, len(gone), DELETE_BATCH):
            batch = gone[start : start + DELETE_BATCH]
            self.client.delete_objects(
                Bucket=self.bucket, Delete={"Objects": [{"Key": ref.key} for ref in batch], "Quiet": True}
            )
        with self._lock:
            for ref in candidates:
                self._retired.pop(ref, None)
            for ref in gone:
                self._known.pop(ref, None)
        return len(gone)

    def _listing(self) -> Iterator[tuple[ObjectRef, float]]:
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=f"{self.prefix}narrations/"
        )
        for page in pages:
            for item in page.get("Contents", []):
                yield self._ref(item["Key"]), item["LastModified"].timestamp()

    def _sweep_scratch(self, now: float) -> None:
        """Scratch folders of runs that were killed before they published."""
        if not self.scratch_dir.is_dir():
            return
        for folder in self.scratch_dir.iterdir():
            try:
                if now - folder.stat().st_mtime >= self.grace_s:
                    shutil.rmtree(folder, ignore_errors=True)
            except OSError:
                continue

    # --- health -------------------------------------------------------------------------------------------

    def check(self) -> None:
        try:
            self.probe_client.head_bucket(Bucket=self.bucket)
        except CLIENT_ERRORS as error:
            raise StorageUnavailable(f"{self.description}: {_reason(error)}") from error

    def _ref(self, key: str) -> ObjectRef:
        return ObjectRef(f"s3://{self.bucket}/{key}")

    def _remember(self, ref: ObjectRef, size: int) -> None:
        if len(self._known) >= MAX_KNOWN_OBJECTS:
            self._known.clear()
        self._known[ref] = (size, time.monotonic())


def s3_storage_for(settings: Settings, *, grace_s: float = SUPERSEDED_GRACE_S) -> S3Storage:
    """The storage ``settings.storage_url`` names, with clients configured from the ``AWS_*`` variables."""
    try:
        import boto3
        from botocore.config import Config
    except ImportError:
        raise OptionError("NEWSCASTER_STORAGE_URL=s3://… needs boto3: pip install 'newscaster[s3]'") from None
    bucket, prefix = parse_storage_url(settings.storage_url or "")
    env = os.environ
    endpoint = env.get("AWS_ENDPOINT_URL_S3") or env.get("AWS_ENDPOINT_URL") or None
    region = env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "us-east-1"

    def config(attempts: int, connect_s: float, read_s: float) -> Any:
        return Config(
            connect_timeout=connect_s,
            read_timeout=read_s,
            retries={"total_max_attempts": attempts, "mode": "standard"},
            signature_version="s3v4",
            # A custom endpoint (MinIO, Ceph RGW, R2) is reached by path: bucket subdomains need wildcard DNS.
            s3={"addressing_style": "path" if endpoint else "auto"},
            # Checksums only where S3 requires them: several S3-compatible servers refuse the newer default.
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
        )

    session = boto3.session.Session(region_name=region)
    main = config(MAX_ATTEMPTS, CONNECT_TIMEOUT_S, READ_TIMEOUT_S)
    return S3Storage(
        bucket,
        prefix,
        client=session.client("s3", endpoint_url=endpoint, config=main),
        probe_client=session.client(
            "s3", endpoint_url=endpoint, config=config(1, PROBE_TIMEOUT_S, PROBE_TIMEOUT_S)
        ),
        presign_client=session.client(
            "s3", endpoint_url=settings.storage_public_endpoint or endpoint, config=main
        ),
        scratch_dir=settings.data_dir / "scratch",
        delivery=settings.storage_delivery,
        grace_s=grace_s,
    )
