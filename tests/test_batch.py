"""Batch narration of a feed or a folder: every article once, new and changed ones narrated, unchanged ones
reused, failures listed without stopping the batch."""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from newscaster.batch import BatchItem, BatchOptions, BatchResult, collect_items, run_batch, run_failed
from newscaster.config import Settings
from newscaster.errors import InputError
from newscaster.jobs.base import Job, JobRequest, JobState
from newscaster.store.library import Library
from newscaster.web.state import open_database

VOICE = "espeak:en-us"
ARTICLE = """<html><head><title>{title}</title></head><body><article><h1>{title}</h1>
<p>{body}</p><p>The council will publish the full report on Friday, officials said.</p>
</article></body></html>"""


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A web site served from a folder: (folder, base URL)."""
    root = tmp_path / "site"
    root.mkdir()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture
def own_settings(tmp_path: Path, settings: Settings) -> Settings:
    return Settings(
        data_dir=tmp_path / "data", rebuildable_cache_dir=settings.cache_dir, allow_private_urls=True
    )


def write_article(root: Path, name: str, title: str, body: str) -> None:
    (root / name).write_text(ARTICLE.format(title=title, body=body), encoding="utf-8")


def write_feed(root: Path, links: list[str]) -> None:
    items = "".join(f"<item><title>t</title><link>{link}</link></item>" for link in links)
    (root / "feed.xml").write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>{items}</channel></rss>',
        encoding="utf-8",
    )


def test_a_feed_is_narrated_once_and_again_only_where_an_article_changed(
    site: tuple[Path, str], own_settings: Settings
) -> None:
    root, base = site
    write_article(root, "harbour.html", "Harbour reopens", "The harbour reopened on Monday after repairs.")
    write_article(root, "ferry.html", "Ferry returns", "The ferry returned to service on Tuesday morning.")
    write_feed(
        root, [f"{base}/harbour.html", "ferry.html", f"{base}/harbour.html", "mailto:desk@example.com"]
    )
    options = BatchOptions(voice=VOICE)

    items = collect_items(f"{base}/feed.xml", options, own_settings)
    assert [item.label for item in items] == [
        f"{base}/harbour.html",
        f"{base}/ferry.html",
    ]  # resolved, once each

    first = run_batch(items, own_settings)
    assert [(r.job.state, r.reused, r.title) for r in first] == [
        (JobState.DONE, False, "Harbour reopens"),
        (JobState.DONE, False, "Ferry returns"),
    ]
    again = run_batch(collect_items(f"{base}/feed.xml", options, own_settings), own_settings)
    assert [r.reused for r in again] == [True, True]
    assert [r.job.narration_id for r in again] == [r.job.narration_id for r in first]

    write_article(root, "ferry.html", "Ferry returns", "The ferry returned to service on Wednesday instead.")
    changed = run_batch(collect_items(f"{base}/feed.xml", options, own_settings), own_settings)
    assert [r.reused for r in changed] == [True, False]
    assert changed[1].job.narration_id != first[1].job.narration_id


def test_a_failing_article_is_listed_and_the_batch_goes_on(
    site: tuple[Path, str], own_settings: Settings
) -> None:
    root, base = site
    write_article(root, "harbour.html", "Harbour reopens", "The harbour reopened on Monday after repairs.")
    write_feed(root, [f"{base}/missing.html", f"{base}/harbour.html"])
    results = run_batch(
        collect_items(f"{base}/feed.xml", BatchOptions(voice=VOICE), own_settings), own_settings
    )
    assert results[0].job.state is JobState.FAILED and "404" in (results[0].job.error or "")
    assert results[1].job.state is JobState.DONE


def test_a_folder_is_an_archive_of_pages_and_texts(tmp_path: Path, own_settings: Settings) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    write_article(archive, "one.html", "Harbour reopens", "The harbour reopened on Monday after repairs.")
    (archive / "two.md").write_text("# Ferry returns\n\nThe ferry returned on Tuesday.\n", encoding="utf-8")
    (archive / "notes.pdf").write_bytes(b"%PDF-1.4")
    items = collect_items(str(archive), BatchOptions(voice=VOICE, limit=5), own_settings)
    assert [Path(item.label).name for item in items] == ["one.html", "two.md"]
    assert items[0].request.html and items[1].request.text and items[0].request.voice == VOICE
    assert [r.title for r in run_batch(items, own_settings)] == ["Harbour reopens", "Ferry returns"]


def test_enqueue_only_leaves_the_jobs_to_the_server(tmp_path: Path, own_settings: Settings) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "one.txt").write_text("The ferry returned on Tuesday.", encoding="utf-8")
    results = run_batch(
        collect_items(str(archive), BatchOptions(), own_settings), own_settings, enqueue_only=True
    )
    assert [r.job.state for r in results] == [JobState.QUEUED]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("page.html", "<html><body><p>Not a feed.</p></body></html>", "not an RSS or Atom feed"),
        (
            "feed.xml",
            '<rss version="2.0"><channel><title>x</title></channel></rss>',
            "not an RSS or Atom feed",
        ),
        (
            "feed.xml",
            '<rss version="2.0"><channel><item><link>ftp://x/y</link></item></channel></rss>',
            r"no http\(s\) article links",
        ),
    ],
)
def test_sources_that_are_not_feeds_are_clear_errors(
    site: tuple[Path, str], own_settings: Settings, name: str, content: str, message: str
) -> None:
    root, base = site
    (root / name).write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        collect_items(f"{base}/{name}", BatchOptions(), own_settings)
    with pytest.raises(InputError, match="not a folder, a feed file"):
        collect_items(str(root / "nothing-here"), BatchOptions(), own_settings)


def test_cli_batch_reports_each_article_and_fails_only_when_the_run_did(
    site: tuple[Path, str], own_settings: Settings, run_cli
) -> None:
    root, base = site
    write_article(root, "harbour.html", "Harbour reopens", "The harbour reopened on Monday after repairs.")
    write_feed(root, [f"{base}/harbour.html", f"{base}/missing.html"])
    env = dict(os.environ)
    env.update(
        NEWSCASTER_DATA_DIR=str(own_settings.data_dir),
        NEWSCASTER_CACHE_DIR=str(own_settings.cache_dir),
        NEWSCASTER_ALLOW_PRIVATE_URLS="1",
    )
    # one page that cannot be fetched, one feed that cannot be read: listed, and the run still succeeded
    result = run_cli(["batch", f"{base}/feed.xml", f"{base}/gone.xml", "--voice", VOICE, "-j", "1"], env)
    assert result.returncode == 0, result.stderr
    assert f"narrated   Harbour reopens  [{base}/harbour.html]" in result.stdout
    assert f"failed     {base}/missing.html: " in result.stdout
    assert f"failed     {base}/gone.xml: " in result.stdout
    assert "0 narrated, 1 unchanged, 1 failed, 1 source(s) unreadable" not in result.stderr
    assert "1 narrated, 0 unchanged, 1 failed, 1 source(s) unreadable" in result.stderr
    assert "Traceback" not in result.stderr
    strict = run_cli(["batch", f"{base}/feed.xml", "--voice", VOICE, "-j", "1", "--strict"], env)
    assert strict.returncode == 1 and "0 narrated, 1 unchanged, 1 failed" in strict.stderr
    write_feed(root, [f"{base}/missing.html"])
    all_failed = run_cli(["batch", f"{base}/feed.xml", "--voice", VOICE, "-j", "1"], env)
    assert all_failed.returncode == 1 and "0 narrated, 0 unchanged, 1 failed" in all_failed.stderr
    refused = run_cli(["batch", f"{base}/harbour.html"], env)
    assert refused.returncode == 1 and refused.stdout.count("\n") == 1 and "Traceback" not in refused.stderr


def result(state: JobState) -> BatchResult:
    job = Job("j", state, JobRequest())
    return BatchResult(BatchItem("x", job.request), job, reused=False)


@pytest.mark.parametrize(
    ("states", "sources", "sources_failed", "strict", "failed"),
    [
        ([JobState.DONE, JobState.FAILED], 1, 0, False, False),
        ([JobState.DONE, JobState.FAILED], 1, 0, True, True),
        ([JobState.FAILED, JobState.FAILED], 1, 0, False, True),
        ([JobState.DONE], 2, 1, False, False),
        ([JobState.DONE], 2, 1, True, True),
        ([], 1, 1, False, True),
        ([], 1, 0, False, False),  # an empty feed: nothing to do is not a failure
        ([JobState.QUEUED], 1, 0, True, False),
    ],
)
def test_a_run_fails_as_a_whole_only_when_everything_failed(
    states: list[JobState], sources: int, sources_failed: int, strict: bool, failed: bool
) -> None:
    assert run_failed([result(s) for s in states], sources, sources_failed, strict) is failed


def full_text_entry(link: str, paragraphs: int, ending: str = "") -> str:
    body = "".join(
        f"<p>Paragraph {n} of the harbour story says the ferry sailed again on Monday after the long "
        f"winter repairs and that passengers were pleased with how calm it was.</p>"
        for n in range(paragraphs)
    )
    return (
        "<item><title>Harbour &amp; ferry</title>"
        f"<link>{link}</link><author>desk@news.example (Jane Doe)</author>"
        "<pubDate>Tue, 12 Mar 2024 08:00:00 GMT</pubDate>"
        f"<content:encoded><![CDATA[{body}{ending}]]></content:encoded></item>"
    )


def test_a_feed_entry_with_the_whole_article_is_read_from_the_feed(
    site: tuple[Path, str], own_settings: Settings
) -> None:
    root, base = site
    write_article(root, "excerpt.html", "Tides turn", "The tide turned on Tuesday, the harbour master said.")
    entries = [
        full_text_entry(f"{base}/not-on-the-site.html", paragraphs=8),  # would be a 404 if fetched
        full_text_entry(f"{base}/excerpt.html", paragraphs=8, ending="<p>Read more…</p>"),
        full_text_entry(f"{base}/teaser.html", paragraphs=1),
    ]
    (root / "feed.xml").write_text(
        '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>News</title><language>en-GB</language>{''.join(entries)}</channel></rss>",
        encoding="utf-8",
    )
    items = collect_items(f"{base}/feed.xml", BatchOptions(voice=VOICE), own_settings)
    assert [(i.from_feed_text, i.request.url) for i in items] == [
        (True, None),
        (False, f"{base}/excerpt.html"),
        (False, f"{base}/teaser.html"),
    ]
    narrated = run_batch(items[:2], own_settings)
    assert [r.job.state for r in narrated] == [JobState.DONE, JobState.DONE], [r.job.error for r in narrated]
    stored = Library(open_database(own_settings)).get_article(narrated[0].job.article_id or "")
    assert stored is not None
    article = stored.article
    assert (article.title, article.url, article.published, article.language) == (
        "Harbour & ferry",
        f"{base}/not-on-the-site.html",
        "2024-03-12",
        "en",
    )
    assert article.byline == "Jane Doe" and len(article.paragraphs) == 8 and narrated[1].title == "Tides turn"


def test_a_file_without_an_article_is_named_in_its_failure(tmp_path: Path, own_settings: Settings) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "empty.html").write_text("<html><body><img src=photo.jpg></body></html>", encoding="utf-8")
    [failed] = run_batch(collect_items(str(archive), BatchOptions(voice=VOICE), own_settings), own_settings)
    assert failed.job.error == f"No article text found in {archive / 'empty.html'}"


def test_an_entity_expansion_bomb_in_a_feed_is_not_expanded(tmp_path: Path, own_settings: Settings) -> None:
    levels = "".join(
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)
    )  # a billion "lol"s if expanded: ~3 GB
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">{levels}]>'
        '<rss version="2.0"><channel><item><title>&lol9;</title><link>http://news.example/a</link></item>'
        "</channel></rss>"
    )
    (tmp_path / "bomb.xml").write_text(bomb, encoding="utf-8")
    items = collect_items(str(tmp_path / "bomb.xml"), BatchOptions(), own_settings)
    assert [item.label for item in items] == ["http://news.example/a"]


def test_a_dead_synthesis_process_fails_its_article_and_the_next_gets_fresh_workers(
    tmp_path: Path, own_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from concurrent.futures.process import BrokenProcessPool

    import newscaster.batch as batch
    from newscaster.jobs.worker import NarrationService

    archive = tmp_path / "archive"
    archive.mkdir()
    for name in ("one.txt", "two.txt"):
        (archive / name).write_text(f"The ferry story {name[:3]} was calm.", encoding="utf-8")
    pools: list[object] = []
    real_pool, real_run = batch.worker_pool, NarrationService.run

    def counted_pool(workers: int, **options: int):
        pools.append(real_pool(workers, **options))
        return pools[-1]

    def run(self, job, pool, workers):
        if "one" in (job.request.text or ""):
            raise BrokenProcessPool("a synthesis process died")
        assert pool is pools[-1], "the second article runs on fresh workers"
        return real_run(self, job, pool, workers)

    monkeypatch.setattr(batch, "worker_pool", counted_pool)
    monkeypatch.setattr(NarrationService, "run", run)
    items = collect_items(str(archive), BatchOptions(voice=VOICE), own_settings)
    results = run_batch(items, own_settings, workers=2)
    assert [r.job.state for r in results] == [JobState.FAILED, JobState.DONE]
    assert "BrokenProcessPool" in (results[0].job.error or "") and len(pools) == 2


class RecordingHandler(QuietHandler):
    """Answers every GET with a feed whose entry is ``/leaked``, and records the request."""

    requests: list[str]

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.requests.append(f"{self.path} UA={self.headers.get('User-Agent')}")
        body = b'<rss version="2.0"><channel><item><link>http://news.example/leaked</link></item></channel></rss>'
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    """A server on 127.0.0.1 that no feed may make us reach: (its URL, the requests it received)."""
    received: list[str] = []
    handler = type("Recorder", (RecordingHandler,), {"requests": received})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/x", received
    httpd.shutdown()


def test_a_feed_body_that_is_a_url_is_not_fetched(
    site: tuple[Path, str], tmp_path: Path, own_settings: Settings, listener: tuple[str, list[str]]
) -> None:
    """feedparser opens a *string* that looks like a URL: a feed whose body is one must stay text."""
    root, base = site
    target, received = listener
    (root / "feed.xml").write_text(target, encoding="utf-8")
    (tmp_path / "feed.xml").write_text(target, encoding="utf-8")
    for source in (f"{base}/feed.xml", str(tmp_path / "feed.xml")):
        with pytest.raises(InputError, match="not an RSS or Atom feed"):
            collect_items(source, BatchOptions(), own_settings)
    assert received == []


@pytest.mark.parametrize("spelling", ["file://{path}", "{path}"])
def test_a_feed_body_that_is_a_path_is_not_read(
    site: tuple[Path, str], tmp_path: Path, own_settings: Settings, spelling: str
) -> None:
    """A feed whose body names a local file (``file://`` URL or plain path) must not read that file."""
    root, base = site
    secret = tmp_path / "secret-feed.xml"
    write_feed(tmp_path, ["http://secret.example/private"])  # writes tmp_path/feed.xml
    (tmp_path / "feed.xml").rename(secret)
    body = spelling.format(path=secret)
    (root / "feed.xml").write_text(body, encoding="utf-8")
    (tmp_path / "local-feed.xml").write_text(body, encoding="utf-8")
    for source in (f"{base}/feed.xml", str(tmp_path / "local-feed.xml")):
        with pytest.raises(InputError, match="not an RSS or Atom feed"):
            collect_items(source, BatchOptions(), own_settings)


def test_a_feed_in_a_legacy_encoding_keeps_its_characters(tmp_path: Path, own_settings: Settings) -> None:
    """The feed reaches feedparser as bytes: its own XML declaration still says how to read them."""
    document = (
        '<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel><item>'
        "<title>Café</title><link>http://news.example/caf\u00e9</link></item></channel></rss>"
    )
    (tmp_path / "latin.xml").write_bytes(document.encode("iso-8859-1"))
    items = collect_items(str(tmp_path / "latin.xml"), BatchOptions(), own_settings)
    assert [item.label for item in items] == ["http://news.example/caf\u00e9"]


def test_an_edited_file_replaces_its_article(tmp_path: Path, own_settings: Settings) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    story = archive / "tides.txt"
    story.write_text("The tide was high on Monday. Boats waited.", encoding="utf-8")
    first = run_batch(collect_items(str(archive), BatchOptions(voice=VOICE), own_settings), own_settings)
    story.write_text("The tide was high on Monday. Boats waited until noon.", encoding="utf-8")
    again = run_batch(collect_items(str(archive), BatchOptions(voice=VOICE), own_settings), own_settings)
    assert [r.job.state for r in first + again] == [JobState.DONE] * 2
    assert again[0].job.article_id == first[0].job.article_id and not again[0].reused
