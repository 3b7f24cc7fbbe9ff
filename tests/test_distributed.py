"""The distributed deployment end to end: one ``newscaster serve`` and two ``newscaster worker`` processes
on a real Redis, sharing the database and the audio storage the fixtures give them: a PostgreSQL database
(``servers.postgres``) and an S3 endpoint (moto's server, ``servers.s3``) — the deployment of
docs/compose.yaml.

Twenty narrations (real short articles, some submitted twice, one URL of a page with no article); one
worker is SIGKILLed in the middle of a narration and started again; then Redis is stopped for ten seconds
while work is in flight. Every good job must be done exactly once, the bad one failed with its reason,
nothing partial left, and the API must answer throughout.
"""

from __future__ import annotations

import io
import json
import re
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import av
import httpx
import pytest

from newscaster.config import Settings
from servers.processes import Process, process_env, wait_for, worker
from servers.redis import RedisServer, free_port
from servers.s3 import S3Server

pytestmark = pytest.mark.slow

FIXTURES = Path(__file__).parent / "fixtures" / "extraction"
OUTAGE_S = 10.0
SETTLE_TIMEOUT_S = 240.0
"""Generous: a killed worker's job is taken over once its lease lapses (30 s), on a loaded machine."""
FINISHED = {"done", "failed"}
ONE_AT_A_TIME = ("--concurrency", "1")
LOCAL_PAGES = {"NEWSCASTER_ALLOW_PRIVATE_URLS": "1"}
"""The page without an article is served by this test, on loopback."""
ONE_CLIENT_MAY_QUEUE_ALL = {
    "NEWSCASTER_MAX_QUEUED_JOBS_PER_CLIENT": "100",
    "NEWSCASTER_NARRATIONS_PER_MINUTE": "600",
    "NEWSCASTER_NARRATION_BURST": "100",
    "NEWSCASTER_READS_PER_MINUTE": "6000",
    "NEWSCASTER_READ_BURST": "1000",
}
"""The test is one client submitting a newsroom's worth at once, and reading the API in a loop."""
NARRATION_KEY = ("article_id", "content_hash", "voice_id", "speed", "audio_format")


def article_texts() -> list[str]:
    """The English articles of our extraction fixtures, as plain text: title, then paragraphs."""
    texts = []
    for path in sorted(FIXTURES.glob("*.expected.json")):
        expected = json.loads(path.read_text(encoding="utf-8"))
        if expected.get("language") == "en":
            texts.append("\n\n".join([expected["title"], *expected["paragraphs"]]))
    return texts


class NoArticle(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        body = b"<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a></nav></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def page_without_article() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), NoArticle)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/menu"
    finally:
        server.shutdown()


class ApiWatch:
    """Reads the API every few hundred milliseconds from a thread; records every answer that was not 200."""

    def __init__(self, base_url: str, job_ids: list[str]) -> None:
        self.base_url, self.job_ids = base_url, job_ids
        self.reads = 0
        self.failures: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        with httpx.Client(base_url=self.base_url, timeout=10) as client:
            while not self._stop.wait(0.3):
                for path in ["/api/articles", *(f"/api/jobs/{job_id}" for job_id in self.job_ids[-3:])]:
                    try:
                        status = client.get(path).status_code
                    except httpx.HTTPError as error:
                        self.failures.append(f"{path}: {error!r}")
                        continue
                    self.reads += 1
                    if status != 200:
                        self.failures.append(f"{path}: HTTP {status}")

    def __enter__(self) -> ApiWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(15)


def running_job_of(process: Process, api: httpx.Client) -> str | None:
    """The job ``process`` is narrating right now, once at least one sentence of it is done."""
    log = process.log()
    started = re.findall(r"event=job_start id=(\w+)", log)
    ended = set(re.findall(r"event=job id=(\w+)", log))
    for job_id in reversed(started):
        if job_id in ended:
            continue
        job = api.get(f"/api/jobs/{job_id}").json()
        progress = job["progress"]
        if job["state"] == "running" and 0 < progress["done"] < progress["total"]:
            return job_id
    return None


def decodable_duration_s(audio: bytes) -> float:
    with av.open(io.BytesIO(audio)) as container:
        samples = sum(frame.samples for frame in container.decode(audio=0))
        return samples / container.streams.audio[0].sample_rate


class ObjectStore:
    """The narrations' storage the processes share: a bucket of the test's S3 endpoint."""

    def __init__(self, s3: S3Server) -> None:
        self.s3, self.bucket = s3, s3.new_bucket()
        self.env = {**s3.environment(), "NEWSCASTER_STORAGE_URL": f"s3://{self.bucket}/audio"}

    def audio(self) -> dict[str, bytes]:
        """Every MP3 object, by the location a narration row names it with."""
        client = self.s3.client()
        keys = sorted(key for key in self.s3.keys(self.bucket) if key.endswith(".mp3"))
        return {
            f"s3://{self.bucket}/{key}": client.get_object(Bucket=self.bucket, Key=key)["Body"].read()
            for key in keys
        }

    def partial(self) -> list[str]:
        return sorted(key for key in self.s3.keys(self.bucket) if key.endswith(".part"))


@pytest.fixture
def object_store(s3_env: S3Server) -> ObjectStore:
    return ObjectStore(s3_env)


def test_two_workers_on_redis_survive_a_killed_worker_and_a_broker_outage(
    tmp_path: Path,
    settings: Settings,
    redis_server: RedisServer,
    redis_url: str,
    object_store: ObjectStore,
    page_without_article: str,
    postgres_url: str,
) -> None:
    began = time.monotonic()
    shared = Settings(data_dir=tmp_path / "data", rebuildable_cache_dir=settings.cache_dir)
    port = free_port()
    processes_env = {**LOCAL_PAGES, **object_store.env, "NEWSCASTER_DATABASE_URL": postgres_url}
    server_env = process_env(shared, redis_url, **ONE_CLIENT_MAY_QUEUE_ALL, **processes_env)
    server = Process(["serve", "--port", str(port)], server_env, tmp_path / "server.log").start()
    base_url = f"http://127.0.0.1:{port}"
    api = httpx.Client(base_url=base_url, timeout=30)
    workers: list[Process] = []
    try:
        # The server brings the new database to the current schema; the workers start after it, as in
        # docs/compose.yaml.
        wait_for(lambda: _answers(api), 60, "the server to answer")
        workers = [
            worker(shared, redis_url, tmp_path / f"worker-{n}.log", *ONE_AT_A_TIME, **processes_env).start()
            for n in (0, 1)
        ]
        texts = article_texts()
        assert len(texts) >= 12
        unique = texts[:12]
        # Seven articles twice in a row, so that both workers take the same one at the same moment.
        twice = [{"text": text} for text in unique[:7] for _ in range(2)]
        submissions = twice + [{"text": text} for text in unique[7:]]
        submissions.append({"url": page_without_article})
        assert len(submissions) == 20
        job_ids: list[str] = []
        with ApiWatch(base_url, job_ids) as watch:
            for body in submissions:
                answer = api.post("/api/narrations", json=body)
                assert answer.status_code == 202, answer.text
                job_ids.append(answer.json()["id"])
            bad_job = job_ids[-1]

            # SIGKILL a worker in the middle of a narration, then start it again.
            killed_job, victim = wait_for(
                lambda: next(
                    ((job, proc) for proc in workers if (job := running_job_of(proc, api)) is not None), None
                ),
                120,
                "a worker in the middle of a narration",
                poll_s=0.05,
            )  # type: ignore[misc]
            victim.kill()
            restarted = worker(
                shared, redis_url, tmp_path / "worker-restarted.log", *ONE_AT_A_TIME, **processes_env
            ).start()
            workers = [proc for proc in workers if proc is not victim] + [restarted]

            jobs = wait_for(
                lambda: _all_settled(api, job_ids),
                SETTLE_TIMEOUT_S,
                "every job to be done or failed",
                poll_s=0.5,
            )

            # Stop Redis for ten seconds while a second wave is in flight.
            wave = [api.post("/api/narrations", json={"text": f"Update {n}. {unique[n]}"}) for n in range(3)]
            assert [answer.status_code for answer in wave] == [202, 202, 202]
            wave_ids = [answer.json()["id"] for answer in wave]
            job_ids.extend(wave_ids)
            redis_server.stop()
            outage_began = time.monotonic()
            refused = api.post("/api/narrations", json={"text": "During the outage. " + unique[3]})
            assert api.get("/api/articles").status_code == 200
            assert api.get(f"/api/jobs/{wave_ids[0]}").status_code == 200
            time.sleep(max(0.0, OUTAGE_S - (time.monotonic() - outage_began)))
            redis_server.start()
            after = api.post("/api/narrations", json={"text": "After the outage. " + unique[4]})
            assert after.status_code == 202, after.text
            job_ids.append(after.json()["id"])
            jobs = wait_for(
                lambda: _all_settled(api, job_ids),
                SETTLE_TIMEOUT_S,
                "the work to resume after the outage",
                poll_s=0.5,
            )
        elapsed_s = time.monotonic() - began
    finally:
        for proc in [*workers, server]:
            proc.stop()
        api.close()

    assert refused.status_code == 503 and refused.headers["content-type"].startswith("application/json")
    assert "job queue is unreachable" in refused.json()["error"]

    by_id = {job["id"]: job for job in jobs}
    assert by_id[bad_job]["state"] == "failed" and by_id[bad_job]["attempts"] == 1
    assert "article" in by_id[bad_job]["error"].lower()
    good = [job for job_id, job in by_id.items() if job_id != bad_job]
    assert [job["id"] for job in good if job["state"] != "done"] == []
    assert by_id[killed_job]["state"] == "done"

    rows = _narration_rows(postgres_url)
    keys = Counter(
        (row["article_id"], row["content_hash"], row["voice_id"], row["speed"], row["audio_format"])
        for row in rows
    )
    duplicates = sum(count - 1 for count in keys.values())
    assert duplicates == 0
    assert len(rows) == len(unique) + len(wave_ids) + 1  # each distinct text once
    assert {job["narration_id"] for job in good} == {row["id"] for row in rows}
    audio_files = object_store.audio()
    assert sorted(str(row["audio_path"]) for row in rows) == sorted(audio_files)  # one object per narration
    durations_s = [decodable_duration_s(audio) for audio in audio_files.values()]
    assert all(duration > 1.0 for duration in durations_s)
    partial = object_store.partial() + [str(path) for path in shared.data_dir.rglob("*.part")]
    assert partial == []
    assert watch.failures == [], watch.failures[:5]
    print(
        f"\ndistributed: {len(job_ids) + 1} submissions ({len(job_ids)} jobs, 1 refused during the outage), "
        f"1 worker SIGKILLed mid-narration (job {killed_job}: {by_id[killed_job]['attempts']} attempts), "
        f"duplicates {duplicates}, {len(rows)} narration rows, {len(audio_files)} audio objects "
        f"({sum(durations_s):.0f} s of audio), partial files {len(partial)}, "
        f"{watch.reads} API reads all answered, Redis down {OUTAGE_S:g} s, total {elapsed_s:.0f} s"
    )


def _answers(api: httpx.Client) -> bool:
    try:
        return api.get("/api/articles").status_code == 200
    except httpx.HTTPError:
        return False


def _all_settled(api: httpx.Client, job_ids: list[str]) -> list[dict[str, object]] | None:
    jobs = [api.get(f"/api/jobs/{job_id}").json() for job_id in job_ids]
    return jobs if all(job["state"] in FINISHED for job in jobs) else None


def _narration_rows(database_url: str) -> list[dict[str, object]]:
    import psycopg
    from psycopg.rows import dict_row

    with psycopg.connect(database_url, row_factory=dict_row) as connection:
        return list(connection.execute("SELECT * FROM narrations").fetchall())
