"""Narrations in S3-compatible object storage, through the real pipeline and a real S3 endpoint (moto's
server over HTTP): uploaded under their content's key and only then recorded, switched and cleaned up on a
re-narration, and a failed upload changes nothing that is served."""

from __future__ import annotations

import hashlib
import re
import time
from pathlib import Path

import pytest

from newscaster.check import decode_audio
from newscaster.config import Settings
from newscaster.errors import OptionError
from newscaster.jobs.base import JobRequest
from newscaster.jobs.sqlite_queue import SqliteJobQueue
from newscaster.jobs.worker import NarrationService, failure_reason
from newscaster.store.database import Database
from newscaster.store.library import Library, StoredNarration
from newscaster.store.s3_storage import S3Storage, content_key, parse_storage_url, s3_storage_for
from newscaster.store.storage import ObjectRef, StorageUnavailable, storage_for
from servers.s3 import S3Server

VOICE = "espeak:en-us"
GRACE_S = 2.0
"""Short grace period for superseded objects, so a test can wait it out."""
ARTICLE = (
    "# ../../etc/passwd: the ferry is back\n\n"
    "The island ferry sailed again on Monday after the winter break. Passengers said it felt calm."
)
KEY = re.compile(r"news/room/narrations/([0-9a-f]{2})/(\1[0-9a-f]{62})\.(mp3|vtt|json)")


class Newsroom:
    """A library on S3 storage with the job service that narrates into it."""

    def __init__(self, tmp_path: Path, settings: Settings, bucket: str) -> None:
        self.bucket = bucket
        self.settings = Settings(
            data_dir=tmp_path / "data",
            rebuildable_cache_dir=settings.cache_dir,
            storage_url=f"s3://{bucket}/news/room",
        )
        self.storage = s3_storage_for(self.settings, grace_s=GRACE_S)
        database = Database(self.settings.data_dir / "newscaster.sqlite3")
        self.library = Library(database, self.storage)
        self.queue = SqliteJobQueue(database)
        self.service = NarrationService(self.settings, self.library, self.queue)

    def narrate(self) -> StoredNarration:
        self.queue.submit(JobRequest(text=ARTICLE, voice=VOICE))
        job = self.queue.claim()
        assert job is not None
        self.service.run(job, None, 1)
        done = self.queue.get(job.id)
        assert done is not None and done.article_id is not None
        [narration] = self.library.current_narrations(done.article_id) or []
        return narration

    def change_lexicon(self, spoken: str) -> None:
        """A new pronunciation: the stored narration no longer matches, so the next job narrates again."""
        self.settings.lexicon_path.parent.mkdir(parents=True, exist_ok=True)
        self.settings.lexicon_path.write_text(f"ferry\t{spoken}\n", encoding="utf-8")


@pytest.fixture
def room(s3_env: S3Server, tmp_path: Path, settings: Settings) -> Newsroom:
    return Newsroom(tmp_path, settings, s3_env.new_bucket())


def keys_of(narration: StoredNarration) -> set[str]:
    refs = (narration.audio_path, narration.vtt_path, narration.json_path)
    return {ref.key for ref in refs if isinstance(ref, ObjectRef)}


def object_bytes(s3: S3Server, ref: object) -> bytes:
    assert isinstance(ref, ObjectRef)
    return s3.client().get_object(Bucket=ref.bucket, Key=ref.key)["Body"].read()


@pytest.mark.slow
def test_a_narration_is_stored_under_its_content_key(s3_env: S3Server, room: Newsroom) -> None:
    bucket = room.bucket
    narration = room.narrate()

    refs = [narration.audio_path, narration.vtt_path, narration.json_path]
    assert all(isinstance(ref, ObjectRef) and ref.bucket == bucket for ref in refs)
    for ref in refs:
        data = object_bytes(s3_env, ref)
        assert isinstance(ref, ObjectRef)
        match = KEY.fullmatch(ref.key)
        assert match is not None, ref.key  # nothing from the article (its "../" title) in the key
        assert match.group(2) == hashlib.sha256(data).hexdigest()  # named by its bytes
    assert s3_env.keys(bucket) == keys_of(narration)
    audio = room.settings.data_dir / "fetched.mp3"
    audio.write_bytes(object_bytes(s3_env, narration.audio_path))
    seconds = len(decode_audio(audio)) / 16_000
    assert seconds == pytest.approx(narration.duration_ms / 1000, abs=0.2) and seconds > 2
    assert b"ferry" in object_bytes(s3_env, narration.vtt_path)
    assert list((room.settings.data_dir / "scratch").iterdir()) == []  # the local copies are gone
    assert not (room.settings.data_dir / "audio").exists()  # nothing written to the data folder's audio


@pytest.mark.slow
def test_a_renarration_switches_objects_and_deletes_the_old_after_the_grace_period(
    s3_env: S3Server, room: Newsroom
) -> None:
    bucket = room.bucket
    first = room.narrate()
    room.change_lexicon("fairy")
    second = room.narrate()
    assert second.id == first.id and second.audio_path != first.audio_path  # the same row, switched
    old, new = keys_of(first), keys_of(second)
    assert s3_env.keys(bucket) == old | new  # the superseded objects are kept for the grace period

    time.sleep(GRACE_S + 0.5)
    assert room.storage.remove_unreferenced(room.library.referenced_files, second.article_id) == 3
    assert s3_env.keys(bucket) == new
    assert object_bytes(s3_env, second.audio_path)  # what is served is untouched


@pytest.mark.slow
def test_a_failed_upload_leaves_the_old_narration_served(s3_env: S3Server, room: Newsroom) -> None:
    bucket = room.bucket
    before = room.narrate()
    served = object_bytes(s3_env, before.audio_path)
    room.change_lexicon("fairy")

    s3_env.stop()  # the endpoint is down: connections are refused
    try:
        job = room.queue.submit(JobRequest(text=ARTICLE, voice=VOICE))
        claimed = room.queue.claim(job.id)
        assert claimed is not None
        with pytest.raises(StorageUnavailable) as caught:
            room.service.run(claimed, None, 1)
        reason = failure_reason(caught.value)
        assert reason.startswith(f"The narration could not be stored in s3://{bucket}/news/room/: ")
        assert "connect" in reason.lower()
        assert room.library.current_narrations(before.article_id) == [before]  # the row did not switch
    finally:
        s3_env.start()
    assert object_bytes(s3_env, before.audio_path) == served  # and its audio is still there, whole
    assert list((room.settings.data_dir / "scratch").iterdir()) == []


def test_storage_urls_and_keys_hold_no_path_tricks(s3_env: S3Server, tmp_path: Path) -> None:
    assert parse_storage_url("s3://audio-bucket/news/room/") == ("audio-bucket", "news/room/")
    assert parse_storage_url("s3://audio-bucket") == ("audio-bucket", "")
    for bad in ("s3://audio-bucket/news/../secrets", "s3://audio-bucket/a//b", "s3://Bad_Bucket/x", "s3://"):
        with pytest.raises(OptionError, match="NEWSCASTER_STORAGE_URL"):
            parse_storage_url(bad)
    with pytest.raises(ValueError):
        content_key("p/", b"x", "/../x")
    with pytest.raises(OptionError, match="unknown storage 'ftp://host/x'"):
        storage_for(Settings(data_dir=tmp_path, storage_url="ftp://host/x"))
    with pytest.raises(OptionError, match="NEWSCASTER_STORAGE_DELIVERY must be one of proxy, presign"):
        storage_for(Settings(data_dir=tmp_path, storage_url="s3://audio-bucket", storage_delivery="cdn"))
    assert isinstance(storage_for(Settings(data_dir=tmp_path, storage_url="s3://audio-bucket")), S3Storage)


def test_the_storage_check_names_an_unreachable_endpoint(s3_env: S3Server, tmp_path: Path) -> None:
    bucket = s3_env.new_bucket()
    storage = storage_for(Settings(data_dir=tmp_path, storage_url=f"s3://{bucket}"))
    storage.check()
    s3_env.stop()
    try:
        with pytest.raises(StorageUnavailable, match=f"s3://{bucket}/"):
            storage.check()
    finally:
        s3_env.start()
    with pytest.raises(StorageUnavailable, match="(?i)not ?found|404|NoSuchBucket"):
        storage_for(Settings(data_dir=tmp_path, storage_url="s3://no-such-bucket-here")).check()
