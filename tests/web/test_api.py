"""The REST API through an ASGI client, with real SQLite, real jobs and real synthesis on short texts."""

from __future__ import annotations

import dataclasses
import ipaddress
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from polling import wait_for_job
from web_support import web_settings

from newscaster.config import Settings
from newscaster.fetch import is_public_address
from newscaster.jobs.base import JobRequest, JobState
from newscaster.web.app import create_app
from servers.redis import free_port

SHORT_TEXT = "# Ferry news\n\nThe ferry sailed again on Monday. Passengers were pleased with the 2 new boats."


def make_settings(tmp_path: Path, settings: Settings) -> Settings:
    return web_settings(tmp_path / "data", settings)


@pytest.fixture
def client(tmp_path: Path, settings: Settings) -> Iterator[TestClient]:
    app = create_app(make_settings(tmp_path, settings), job_threads=1, synthesis_processes=1)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def idle_client(tmp_path: Path, settings: Settings) -> Iterator[TestClient]:
    """An app whose job workers are not started: what a request does before any job runs."""
    app = create_app(make_settings(tmp_path, settings), job_threads=1, synthesis_processes=1)
    yield TestClient(app)


def narrate_text(client: TestClient, **extra) -> dict:
    response = client.post("/api/narrations", json={"text": SHORT_TEXT, **extra})
    assert response.status_code == 202, response.text
    assert response.headers["location"] == f"/api/jobs/{response.json()['id']}"
    job = wait_for_job(client, response.headers["location"])
    assert job["state"] == "done", job
    return job


def test_narrate_then_read_everything_back(client: TestClient) -> None:
    job = narrate_text(client)
    assert job["progress"]["done"] == job["progress"]["total"] > 0
    article = client.get(f"/api/articles/{job['article_id']}").json()
    assert article["title"] == "Ferry news"
    assert article["reading_minutes"] == 1
    [narration] = article["narrations"]
    assert narration["voice"] == "hibari:heart"
    audio = client.get(narration["audio_url"])
    assert audio.status_code == 200
    assert audio.headers["content-type"] == "audio/mpeg"
    assert audio.headers["accept-ranges"] == "bytes"
    assert "etag" in audio.headers
    assert audio.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert audio.content[:3] == b"ID3"
    vtt = client.get(narration["transcript_url"])
    assert vtt.text.startswith("WEBVTT") and "The ferry sailed again on Monday." in vtt.text
    assert vtt.headers["cache-control"] == "public, max-age=300"  # timings may be made again: revalidate
    timings = client.get(narration["timings_url"]).json()
    assert timings["sentences"][-1]["end_ms"] == timings["duration_ms"]
    listing = client.get("/api/articles").json()
    assert [a["id"] for a in listing] == [job["article_id"]]
    assert listing[0]["narrations"][0]["duration_ms"] == narration["duration_ms"]


def test_range_requests_and_revalidation(client: TestClient) -> None:
    job = narrate_text(client)
    url = client.get(f"/api/articles/{job['article_id']}").json()["narrations"][0]["audio_url"]
    whole = client.get(url)
    part = client.get(url, headers={"Range": "bytes=100-199"})
    assert part.status_code == 206
    assert part.content == whole.content[100:200]
    assert part.headers["content-range"] == f"bytes 100-199/{len(whole.content)}"
    assert client.get(url, headers={"Range": "bytes=999999999-"}).status_code == 416
    assert client.get(url, headers={"If-None-Match": whole.headers["etag"]}).status_code == 304


def test_same_article_voice_and_speed_is_served_from_storage(client: TestClient) -> None:
    """Asked again, the stored narration is handed back: nothing is prepared, synthesized or written."""
    library = client.app.state.newscaster.library  # type: ignore[attr-defined]
    first = narrate_text(client)
    [made] = library.current_narrations(first["article_id"])
    audio_before = (made.audio_path, made.audio_path.stat().st_mtime_ns)

    second = narrate_text(client)
    assert second["article_id"] == first["article_id"]
    assert second["narration_id"] == first["narration_id"]
    # The narration id is a hash of article, text, voice and speed, the same when made again; what shows
    # reuse is that the second job did no work and the narration and its audio file are the very same.
    assert first["progress"]["total"] > 0 and second["progress"] == {"done": 0, "total": 0}
    [served] = library.current_narrations(first["article_id"])
    assert served.created_at == made.created_at
    assert (served.audio_path, served.audio_path.stat().st_mtime_ns) == audio_before
    assert len(client.get(f"/api/articles/{first['article_id']}").json()["narrations"]) == 1


def test_speeds_a_hair_apart_are_one_narration(client: TestClient) -> None:
    """0.51 and 0.5 are one speed: the second request is served from storage, not stored again."""
    first = narrate_text(client, speed=0.51, voice="espeak:en-us")
    second = narrate_text(client, speed="0.5", voice="espeak:en-us")
    assert second["narration_id"] == first["narration_id"]
    [narration] = client.get(f"/api/articles/{first['article_id']}").json()["narrations"]
    assert narration["speed"] == 0.5
    audio = client.get(f"/api/articles/{first['article_id']}/audio", params={"speed": 0.52})
    assert audio.status_code == 200


def test_another_voice_for_a_stored_article(client: TestClient) -> None:
    first = narrate_text(client)
    response = client.post(
        "/api/narrations", json={"article_id": first["article_id"], "voice": "espeak:en-us"}
    )
    job = wait_for_job(client, response.headers["location"])
    assert job["state"] == "done", job
    voices = {n["voice"] for n in client.get(f"/api/articles/{first['article_id']}").json()["narrations"]}
    assert voices == {"hibari:heart", "espeak:en-us"}
    audio = client.get(f"/api/articles/{first['article_id']}/audio", params={"voice": "espeak:en-us"})
    assert audio.status_code == 200


def test_voices_endpoint(client: TestClient) -> None:
    voices = client.get("/api/voices").json()
    assert voices[0]["id"] == "hibari:heart" and voices[0]["natural_wpm"] > 100


def test_openapi_is_served(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert "/api/narrations" in paths and "/api/articles/{article_id}/audio" in paths


@pytest.mark.parametrize(
    ("method", "url", "kwargs", "status"),
    [
        (
            "post",
            "/api/narrations",
            {"content": b"{not json", "headers": {"content-type": "application/json"}},
            422,
        ),
        ("post", "/api/narrations", {"json": {}}, 422),
        ("post", "/api/narrations", {"json": {"text": "a", "html": "<p>b</p>"}}, 422),
        ("post", "/api/narrations", {"json": {"text": "Hello.", "voice": "nobody"}}, 422),
        ("post", "/api/narrations", {"json": {"text": "Hello.", "speed": 9}}, 422),
        ("post", "/api/narrations", {"json": {"text": "Hello.", "format": "flac"}}, 422),
        ("post", "/api/narrations", {"json": {"text": "Hello.", "language": "no such tag"}}, 422),
        ("post", "/api/narrations", {"json": {"text": "Hello.", "language": "tlh"}}, 422),
        ("post", "/api/narrations", {"json": {"article_id": "nope"}}, 404),
        ("get", "/api/jobs/nope", {}, 404),
        ("get", "/api/articles/nope", {}, 404),
        ("get", "/api/articles/nope/audio", {}, 404),
        ("get", "/api/articles/nope/timings.json", {}, 404),
        ("get", "/api/nothing-here", {}, 404),
        ("post", "/api/narrations", {"content": b"x" * (13 * 1024 * 1024)}, 413),
    ],
)
def test_bad_requests_get_json_errors(
    client: TestClient, method: str, url: str, kwargs: dict, status: int
) -> None:
    response = getattr(client, method)(url, **kwargs)
    assert response.status_code == status, response.text
    assert response.json()["error"]


def own_host_name() -> str:
    """This machine's name, which its hosts file maps to a loopback or private address."""
    name = socket.gethostname()
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(name, 80, type=socket.SOCK_STREAM)}
    except OSError:
        pytest.skip(f"this machine's name {name!r} does not resolve")
    if any(is_public_address(ipaddress.ip_address(a.split("%")[0])) for a in addresses):
        pytest.skip(f"this machine's name {name!r} resolves to a public address")
    return name


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/private",
        "http://[::1]:8000/",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.1.2.3/story",
        "http://2130706433/",
        "http://localhost:8000/",
        "own host name",
    ],
)
def test_refused_url_is_a_422_at_once(idle_client: TestClient, url: str) -> None:
    """A URL the fetch would refuse is refused now, with the reason, and no job is queued."""
    if url == "own host name":
        url = f"http://{own_host_name()}/story"
    response = idle_client.post("/api/narrations", json={"url": url})
    assert response.status_code == 422, response.text
    assert "private" in response.json()["error"]
    assert idle_client.app.state.newscaster.queue.pending_count() == 0  # type: ignore[attr-defined]


def test_unknown_host_fails_the_job_saying_the_page_could_not_be_fetched(client: TestClient) -> None:
    """A name that does not resolve may resolve later: it is queued, and fails naming the real cause."""
    response = client.post("/api/narrations", json={"url": "http://nonexistent.invalid/story"})
    assert response.status_code == 202, response.text
    job = wait_for_job(client, response.headers["location"])
    assert job["state"] == "failed"
    assert job["error"].startswith(
        "The page could not be fetched: Could not find the server nonexistent.invalid"
    )
    assert "could not be saved" not in job["error"]


def test_interrupted_job_runs_again_after_restart(tmp_path: Path, settings: Settings) -> None:
    own_settings = make_settings(tmp_path, settings)
    app = create_app(own_settings, job_threads=1, synthesis_processes=1)
    state = app.state.newscaster
    job = state.queue.submit(JobRequest(text=SHORT_TEXT))
    claimed = state.queue.claim()  # a worker took it ... and the process died here
    assert claimed is not None and claimed.id == job.id
    assert state.queue.get(job.id).state is JobState.RUNNING

    restarted = create_app(own_settings, job_threads=1, synthesis_processes=1)
    with TestClient(restarted) as client:
        finished = wait_for_job(client, f"/api/jobs/{job.id}")
    assert finished["state"] == "done"
    assert finished["attempts"] == 2


def test_audio_that_was_not_narrated_is_a_json_404(client: TestClient) -> None:
    job = narrate_text(client)
    response = client.get(f"/api/articles/{job['article_id']}/audio", params={"format": "wav"})
    assert response.status_code == 404
    assert "no narration with that voice, speed and format" in response.json()["error"]


def test_narration_urls_quote_voice_ids_from_user_file_names() -> None:
    from newscaster.store.library import StoredNarration
    from newscaster.web.api import narration_json

    narration = StoredNarration(
        "n1", "a1", "hash", "piper:my voice&co", 1.25, "mp3", Path("a.mp3"), Path("a.vtt"), Path("a.json"),
        1000, 150.0, "2026-11-29T00:00:00+00:00",
    )  # fmt: skip
    urls = narration_json(narration)
    assert urls["audio_url"] == (
        f"/api/articles/a1/audio?voice=piper:my+voice%26co&speed=1.25&format=mp3&v={narration.version}"
    )


def test_a_renarration_reaches_clients_that_cached_the_audio(client: TestClient) -> None:
    job = narrate_text(client, voice="espeak:en-us")
    article_url = f"/api/articles/{job['article_id']}"
    [first] = client.get(article_url).json()["narrations"]
    cached = client.get(first["audio_url"])
    # Under its versioned URL the audio is cached for good: those bytes never change there.
    assert cached.headers["cache-control"] == "public, max-age=31536000, immutable"
    unversioned_url = first["audio_url"].split("&v=")[0]
    unversioned = client.get(unversioned_url)
    assert unversioned.content == cached.content
    assert "immutable" not in unversioned.headers["cache-control"]
    assert "no-cache" in unversioned.headers["cache-control"]

    assert client.post("/api/lexicon", json={"written": "ferry", "spoken": "fairy"}).status_code == 201
    again = wait_for_job(
        client,
        client.post(
            "/api/narrations", json={"article_id": job["article_id"], "voice": "espeak:en-us"}
        ).headers["location"],
    )
    assert again["state"] == "done", again
    [second] = client.get(article_url).json()["narrations"]
    # A client that cached the first response is sent to a URL it has not cached, and gets the new audio.
    assert second["audio_url"] != first["audio_url"]
    fresh = client.get(second["audio_url"])
    assert fresh.content != cached.content
    # One that kept the unversioned URL revalidates, and its old ETag no longer matches.
    revalidated = client.get(unversioned_url, headers={"If-None-Match": unversioned.headers["etag"]})
    assert revalidated.status_code == 200 and revalidated.content == fresh.content


def test_reads_are_limited_per_client(tmp_path: Path, settings: Settings) -> None:
    """Pages, the feed and article JSON take from a per-client budget; past it, 429 with Retry-After.
    Audio, timings, job polls and voices (what a playing or waiting reader keeps asking for) do not."""
    from newscaster.models import Article
    from newscaster.web.security import SecuritySettings

    security = SecuritySettings(read_burst=6, reads_per_minute=1)
    app = create_app(make_settings(tmp_path, settings), job_threads=0, security=security)
    reader = TestClient(app, client=("192.0.2.10", 50000))
    stored = app.state.newscaster.library.save_article(Article("Tides", ("The tide was high.",)), 1)
    reads = ["/library", f"/articles/{stored.id}", f"/embed/articles/{stored.id}", "/feed.xml",
             "/api/articles", f"/api/articles/{stored.id}"]  # fmt: skip
    assert [reader.get(path).status_code for path in reads] == [200] * 6
    for path in reads:
        refused = reader.get(path)
        assert refused.status_code == 429, path
        assert refused.json()["error"].startswith("Too many reads from this client; try again in ")
        assert 55 <= int(refused.headers["retry-after"]) <= 60  # one read a minute
    for path in ("/api/voices", "/static/player.js", "/"):
        assert reader.get(path).status_code == 200, path
    other = TestClient(app, client=("192.0.2.11", 50000))
    assert other.get(f"/articles/{stored.id}").status_code == 200  # another client has its own budget


def test_the_default_read_limit_lets_a_reader_browse(tmp_path: Path, settings: Settings) -> None:
    from newscaster.models import Article
    from newscaster.web.security import READ_BURST, SecuritySettings

    app = create_app(make_settings(tmp_path, settings), job_threads=0, security=SecuritySettings())
    reader = TestClient(app)
    stored = app.state.newscaster.library.save_article(Article("Tides", ("The tide was high.",)), 1)
    assert READ_BURST >= 30
    for _ in range(READ_BURST // 2):  # every page of a visit, twice over, back to back
        assert reader.get(f"/articles/{stored.id}").status_code == 200
        assert reader.get("/library").status_code == 200


def test_read_limits_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from newscaster.errors import OptionError
    from newscaster.web.security import SecuritySettings

    monkeypatch.setenv("NEWSCASTER_READS_PER_MINUTE", "0")
    monkeypatch.setenv("NEWSCASTER_READ_BURST", "5")
    configured = SecuritySettings.from_env()
    assert (configured.reads_per_minute, configured.read_burst) == (0, 5)
    monkeypatch.setenv("NEWSCASTER_READS_PER_MINUTE", "lots")
    with pytest.raises(OptionError, match="NEWSCASTER_READS_PER_MINUTE must be a number"):
        SecuritySettings.from_env()


def narration_files(client: TestClient, article_id: str) -> list[Path]:
    library = client.app.state.newscaster.library  # type: ignore[attr-defined]
    return sorted(library.referenced_files(article_id))


def test_deleting_an_article_removes_it_everywhere_and_its_files_after_their_grace(
    client: TestClient,
) -> None:
    from newscaster.store.narration_files import remove_unreferenced

    job = narrate_text(client)
    article_id = job["article_id"]
    audio_url = client.get(f"/api/articles/{article_id}").json()["narrations"][0]["audio_url"]
    files = narration_files(client, article_id)
    assert len(files) == 3 and all(path.is_file() for path in files)
    assert "Ferry news" in client.get("/feed.xml").text

    assert client.delete(f"/api/articles/{article_id}").status_code == 204

    assert client.get(f"/api/articles/{article_id}").status_code == 404
    assert client.get(audio_url).status_code == 404
    assert client.get("/api/articles").json() == []
    assert "Ferry news" not in client.get("/feed.xml").text
    assert "Ferry news" not in client.get("/library").text
    assert client.get(f"/articles/{article_id}").status_code == 404
    assert client.delete(f"/api/articles/{article_id}").json() == {
        "error": f"No article {article_id!r}",
        "status": 404,
    }
    # a download that had just looked the file up still finds it; the server's sweep takes it later
    assert all(path.is_file() for path in files)
    state = client.app.state.newscaster  # type: ignore[attr-defined]
    remove_unreferenced(files[0].parent.parent, state.library.referenced_files(), grace_s=0)
    assert not any(path.exists() for path in files) and not files[0].parent.exists()


def test_an_unpublished_article_leaves_the_feed_and_public_reads(client: TestClient) -> None:
    job = narrate_text(client)
    article_id = job["article_id"]
    audio_url = client.get(f"/api/articles/{article_id}").json()["narrations"][0]["audio_url"]

    changed = client.patch(f"/api/articles/{article_id}", json={"unpublished": True})
    assert changed.status_code == 200 and changed.json()["unpublished"] is True

    assert "Ferry news" not in client.get("/feed.xml").text
    assert client.get("/api/articles").json() == []
    assert client.get(f"/embed/articles/{article_id}").status_code == 404
    assert "Ferry news" not in client.get("/").text
    # this loopback client may write, so it still sees the article, marked, to publish it again
    assert client.get(f"/api/articles/{article_id}").json()["unpublished"] is True
    assert "Unpublished" in client.get(f"/articles/{article_id}").text
    assert 'class="badge">Unpublished' in client.get("/library").text

    # once writes need a token, readers without one see nothing of it; the token's holder does
    _, secret = client.app.state.newscaster.tokens.create("editor")  # type: ignore[attr-defined]
    editor = {"Authorization": f"Bearer {secret}"}
    for url in (f"/api/articles/{article_id}", audio_url, f"/articles/{article_id}"):
        assert client.get(url).status_code == 404, url
        assert client.get(url, headers=editor).status_code == 200, url
    assert "Ferry news" not in client.get("/library").text
    assert client.patch(f"/api/articles/{article_id}", json={"unpublished": False}).status_code == 401
    assert client.delete(f"/api/articles/{article_id}").status_code == 401

    republished = client.patch(f"/api/articles/{article_id}", json={"unpublished": False}, headers=editor)
    assert republished.json()["unpublished"] is False
    assert "Ferry news" in client.get("/feed.xml").text and client.get(audio_url).status_code == 200


def test_article_changes_are_checked(client: TestClient) -> None:
    assert client.patch("/api/articles/0000000000000000", json={"unpublished": True}).status_code == 404
    job = narrate_text(client)
    bad = client.patch(f"/api/articles/{job['article_id']}", json={"unpublished": "maybe"})
    assert bad.status_code == 422 and bad.json()["details"][0]["field"] == "unpublished"


def narrated_article(client: TestClient, **body) -> dict:
    response = client.post("/api/narrations", json=body)
    assert response.status_code == 202, response.text
    job = wait_for_job(client, response.headers["location"])
    assert job["state"] == "done", job
    return client.get(f"/api/articles/{job['article_id']}").json()


def test_pasted_text_without_a_headline_is_titled_by_its_first_sentence(client: TestClient) -> None:
    article = narrated_article(
        client, text="The ferry sailed again on Monday. Passengers were pleased with the 2 new boats."
    )
    assert article["title"] == "The ferry sailed again on Monday"
    assert article["paragraphs"][0].startswith("The ferry sailed again on Monday.")
    assert (
        f'<a href="/articles/{article["id"]}">The ferry sailed again on Monday</a>'
        in client.get("/library").text
    )
    assert "<title>The ferry sailed again on Monday</title>" in client.get("/feed.xml").text
    assert (
        '<h1 id="article-title" data-part="title" data-paragraph="0">The ferry sailed again on Monday</h1>'
        in client.get(f"/articles/{article['id']}").text
    )
    # the headline is the first sentence: heard once, not twice
    timings = client.get(article["narrations"][0]["timings_url"]).json()
    assert [s["part"] for s in timings["sentences"]] == ["body", "body"]


def test_a_text_narration_carries_title_byline_url_and_date(client: TestClient) -> None:
    article = narrated_article(
        client,
        text="The ferry sailed again on Monday. Passengers were pleased.",
        title="  Island ferry\nreturns ",
        byline="Jane Doe",
        url="https://news.example/ferry",  # where it is published; not fetched
        published="2024-03-12T08:30:00+01:00",
    )
    assert (article["title"], article["byline"], article["url"], article["published"]) == (
        "Island ferry returns",
        "Jane Doe",
        "https://news.example/ferry",
        "2024-03-12",
    )
    page = client.get(f"/articles/{article['id']}").text
    assert "Jane Doe" in page and "12 March 2024" in page and 'href="https://news.example/ferry"' in page
    timings = client.get(article["narrations"][0]["timings_url"]).json()
    assert [s["text"] for s in timings["sentences"][:2]] == ["Island ferry returns", "Jane Doe"]


@pytest.mark.parametrize(
    ("body", "field", "reason"),
    [
        ({"text": "Hello there.", "published": "12/03/2024"}, "published", "YYYY-MM-DD"),
        ({"article_id": "0123456789abcdef", "title": "New"}, "", "not a stored one"),
        ({"text": "Hello there.", "url": "ftp://news.example/x"}, "url", "http"),
        ({"url": "https://news.example/x", "html": "<p>a</p>", "text": "b"}, "", "exactly one"),
    ],
)
def test_article_details_are_checked(idle_client: TestClient, body: dict, field: str, reason: str) -> None:
    response = idle_client.post("/api/narrations", json=body)
    assert response.status_code == 422, response.text
    [detail] = response.json()["details"]
    assert detail["field"] == field and reason in detail["reason"]


def test_an_edited_text_replaces_its_earlier_version(client: TestClient) -> None:
    first = narrated_article(client, text=SHORT_TEXT)
    edited = narrated_article(client, text=SHORT_TEXT.replace("2 new boats", "3 new boats"))
    assert edited["id"] == first["id"] and "3 new boats" in edited["paragraphs"][-1]
    by_url = [
        narrated_article(client, text=text, url="https://news.example/tides", title="Tides")
        for text in ("The tide was high.", "The tide was very high on Monday.")
    ]
    assert by_url[0]["id"] == by_url[1]["id"]
    assert sorted(a["id"] for a in client.get("/api/articles").json()) == sorted(
        {first["id"], by_url[0]["id"]}
    )
    feed = client.get("/feed.xml").text
    assert feed.count("<item>") == 2 and "2 new boats" not in feed and "3 new boats" in feed
    assert "The tide was very high" in feed and "The tide was high." not in feed


def test_an_article_is_looked_up_by_its_url(client: TestClient) -> None:
    article = narrated_article(client, text=SHORT_TEXT, url="https://news.example/ferry")
    narrated_article(client, text="# Tides\n\nThe tide was high.")
    [found] = client.get("/api/articles", params={"url": "https://news.example/ferry#top"}).json()
    assert found["id"] == article["id"] and found["narrations"][0]["audio_url"]
    assert client.get("/api/articles", params={"url": "https://news.example/other"}).json() == []
    assert len(client.get("/api/articles").json()) == 2


def test_a_link_without_its_scheme_is_an_https_link(idle_client: TestClient) -> None:
    response = idle_client.post("/api/narrations", json={"url": "nonexistent.invalid/news/story"})
    assert response.status_code == 202, response.text
    queue = idle_client.app.state.newscaster.queue  # type: ignore[attr-defined]
    assert queue.get(response.json()["id"]).request.url == "https://nonexistent.invalid/news/story"
    as_text = idle_client.post("/api/narrations", json={"text": " example.com/news/story\n"})
    assert as_text.status_code == 422
    assert as_text.json()["details"][0]["reason"] == (
        "this is a link, not an article's text: send it as url (https://example.com/news/story)"
    )


def test_a_blank_text_beside_a_url_leaves_the_url_to_fetch(idle_client: TestClient) -> None:
    response = idle_client.post(
        "/api/narrations", json={"url": "https://nonexistent.invalid/a", "text": "  "}
    )
    assert response.status_code == 202, response.text
    queue = idle_client.app.state.newscaster.queue  # type: ignore[attr-defined]
    request = queue.get(response.json()["id"]).request
    assert (request.url, request.text, request.article_url) == ("https://nonexistent.invalid/a", None, None)


FRENCH_TEXT = "Le ferry a repris la mer lundi. Les passagers étaient ravis de retrouver leur traversée."


def test_a_voice_that_cannot_speak_the_article_is_a_422_naming_those_that_can(client: TestClient) -> None:
    response = client.post("/api/narrations", json={"text": FRENCH_TEXT, "voice": "hibari:heart"})
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert "hibari:heart" in error and "voices that can: espeak:fr-fr" in error and "force_voice" in error
    # The same with a language given (a URL's language is known only to its job).
    response = client.post("/api/narrations", json={"text": SHORT_TEXT, "voice": "heart", "language": "de"})
    assert response.status_code == 422 and "espeak:de" in response.json()["error"]


def test_language_and_force_voice_reach_the_job(client: TestClient) -> None:
    job = narrate_text(client, voice="espeak:en-us", language="en-GB", force_voice=True)
    assert client.get(f"/api/articles/{job['article_id']}").json()["language"] == "en-GB"
    response = client.post(
        "/api/narrations", json={"text": FRENCH_TEXT, "voice": "espeak:en-us", "force_voice": True}
    )
    assert response.status_code == 202, response.text
    job = wait_for_job(client, response.headers["location"])
    assert job["state"] == "done", job
    article = client.get(f"/api/articles/{job['article_id']}").json()
    assert article["language"] == "fr" and article["narrations"][0]["voice"] == "espeak:en-us"


# --- With a broker (NEWSCASTER_BROKER_URL) -----------------------------------------------------------

BROKER_TEXT = "The council met on Tuesday. It approved the new budget for the library."


def test_with_the_broker_down_a_new_narration_is_a_clear_503_and_reads_still_answer(
    tmp_path: Path, settings: Settings
) -> None:
    down = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    app = create_app(dataclasses.replace(web_settings(tmp_path, settings), broker_url=down), job_threads=1)
    with TestClient(app) as client:
        started = time.monotonic()
        answer = client.post("/api/narrations", json={"text": BROKER_TEXT})
        elapsed_s = time.monotonic() - started
        assert answer.status_code == 503
        assert "job queue is unreachable" in answer.json()["error"]
        assert elapsed_s < 30  # a few seconds of retries, not a hung request
        assert client.get("/api/articles").status_code == 200
    state = app.state.newscaster
    assert state.queue.pending_count() == 0  # nothing left queued that no message will ever run
