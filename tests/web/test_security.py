# ruff: noqa: E501  (the hostile page reads best as written)
"""Abuse and access: API tokens, rate limits, the queue bound, security headers, no server-side files
through the API, and article content that can never run as script in a real browser."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from chromium import CHROMIUM, CHROMIUM_ARGS
from click.testing import CliRunner
from fastapi.testclient import TestClient

from newscaster.config import Settings
from newscaster.jobs.base import JobRequest
from newscaster.store.database import Database
from newscaster.store.tokens import TokenStore
from newscaster.web.app import create_app
from newscaster.web.security import RateLimiter, SecuritySettings, is_loopback_host

SHORT_TEXT = "# Ferry news\n\nThe ferry sailed again on Monday. Passengers were pleased."


def make_app(tmp_path: Path, settings: Settings, **security: Any) -> Any:
    own = Settings(data_dir=tmp_path / "data", rebuildable_cache_dir=settings.cache_dir)
    return create_app(own, job_threads=1, synthesis_processes=1, security=SecuritySettings(**security))


@pytest.fixture
def idle_client(tmp_path: Path, settings: Settings) -> Iterator[TestClient]:
    """An app whose job workers are not started (no lifespan): jobs stay queued, nothing is synthesized."""
    yield TestClient(make_app(tmp_path, settings), raise_server_exceptions=False)


def new_token(client: TestClient, name: str = "test") -> str:
    store: TokenStore = client.app.state.newscaster.tokens  # type: ignore[attr-defined]
    return store.create(name)[1]


# --- Headers --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [
        ("get", "/", {}),
        ("get", "/library", {}),
        ("get", "/articles/nope", {}),
        ("get", "/api/voices", {}),
        ("get", "/api/jobs/nope", {}),
        ("get", "/static/player.js", {}),
        ("get", "/openapi.json", {}),
        ("post", "/api/narrations", {"json": {}}),
        ("post", "/api/narrations", {"content": b"x" * (13 * 1024 * 1024)}),
    ],
)
def test_security_headers_on_every_response(
    idle_client: TestClient, method: str, path: str, kwargs: dict
) -> None:
    response = getattr(idle_client, method)(path, **kwargs)
    headers = response.headers
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "object-src 'none'" in csp and "base-uri 'none'" in csp
    assert "frame-ancestors 'self'" in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["x-frame-options"] == "SAMEORIGIN"


def test_docs_are_self_hosted_under_a_strict_policy(idle_client: TestClient) -> None:
    page = idle_client.get("/docs")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "unsafe" not in csp and "frame-ancestors 'self'" in csp
    assert "https://" not in csp and "https://" not in page.text  # nothing from a CDN
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "<script>" not in page.text  # no inline bootstrap: Swagger UI starts from static/api-docs.js
    for asset in ("/docs/assets/swagger-ui-bundle.js", "/docs/assets/swagger-ui.css", "/static/api-docs.js"):
        assert asset in page.text and idle_client.get(asset).status_code == 200
    assert idle_client.get("/redoc").status_code == 404  # ReDoc's page would load from a CDN: not served


def test_frame_ancestors_for_embeds(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSCASTER_FRAME_ANCESTORS", "'self' https://news.example; script-src *")
    security = SecuritySettings.from_env()
    assert security.frame_ancestors == "'self' https://news.example"  # nothing injected after the ';'
    client = TestClient(make_app(tmp_path, settings, frame_ancestors=security.frame_ancestors))
    embed = client.get("/embed/articles/nope").headers
    assert embed["content-security-policy"].endswith("frame-ancestors 'self' https://news.example")
    assert "x-frame-options" not in embed  # a list of origins has no X-Frame-Options equivalent
    # The publishers may frame the player, and no other page (sign-in, narrate, analytics, docs).
    for path in ("/", "/signin", "/analytics", "/library", "/docs"):
        headers = client.get(path, follow_redirects=False).headers
        assert headers["content-security-policy"].endswith("frame-ancestors 'self'"), path
        assert headers["x-frame-options"] == "SAMEORIGIN", path
    monkeypatch.setenv("NEWSCASTER_FRAME_ANCESTORS", "'none'")
    client = TestClient(
        make_app(tmp_path / "none", settings, frame_ancestors=SecuritySettings.from_env().frame_ancestors)
    )
    assert client.get("/").headers["x-frame-options"] == "DENY"


# --- Tokens ---------------------------------------------------------------------------------------------


def test_loopback_needs_no_token(idle_client: TestClient) -> None:
    assert idle_client.post("/api/narrations", json={"text": SHORT_TEXT}).status_code == 202


@pytest.mark.parametrize("security", [{"require_token": True}, {"bind_host": "0.0.0.0"}, {"bind_host": "::"}])
def test_writes_need_a_token_off_loopback(tmp_path: Path, settings: Settings, security: dict) -> None:
    client = TestClient(make_app(tmp_path, settings, **security))
    refused = client.post("/api/narrations", json={"text": SHORT_TEXT})
    assert refused.status_code == 401
    assert "token" in refused.json()["error"] and refused.headers["www-authenticate"].startswith("Bearer")
    assert refused.headers["x-content-type-options"] == "nosniff"
    wrong = client.post(
        "/api/narrations", json={"text": SHORT_TEXT}, headers={"Authorization": "Bearer nope"}
    )
    assert wrong.status_code == 401
    token = new_token(client)
    accepted = client.post(
        "/api/narrations", json={"text": SHORT_TEXT}, headers={"Authorization": f"Bearer {token}"}
    )
    assert accepted.status_code == 202, accepted.text
    # Reads stay public.
    assert client.get(accepted.headers["location"]).status_code == 200
    assert client.get("/api/voices").status_code == 200
    assert client.get("/").status_code == 200
    # Unsafe methods on any /api path are covered, including endpoints added later.
    assert client.delete("/api/articles/whatever").status_code == 401
    assert client.put("/api/lexicon", json={}).status_code == 401


def test_revoked_token_is_refused(tmp_path: Path, settings: Settings) -> None:
    client = TestClient(make_app(tmp_path, settings, require_token=True))
    store: TokenStore = client.app.state.newscaster.tokens  # type: ignore[attr-defined]
    info, token = store.create("cms")
    headers = {"Authorization": f"Bearer {token}"}
    assert client.post("/api/narrations", json={"text": SHORT_TEXT}, headers=headers).status_code == 202
    assert store.get(info.id).last_used_at is not None
    assert store.revoke(info.id)
    assert client.post("/api/narrations", json={"text": SHORT_TEXT}, headers=headers).status_code == 401
    # A token with the right id but another secret is refused too.
    _, other = store.create("other")
    forged = other[: other.rindex("_") + 1] + "A" * 43
    assert (
        client.post(
            "/api/narrations", json={"text": SHORT_TEXT}, headers={"Authorization": f"Bearer {forged}"}
        ).status_code
        == 401
    )


def test_a_proxy_on_loopback_counts_as_remote(idle_client: TestClient) -> None:
    response = idle_client.post(
        "/api/narrations", json={"text": SHORT_TEXT}, headers={"X-Forwarded-For": "203.0.113.9"}
    )
    assert response.status_code == 401


def test_another_sites_page_counts_as_remote(idle_client: TestClient) -> None:
    """DNS rebinding: a page of evil.example reaching 127.0.0.1 under its own name sends its Origin."""
    evil = idle_client.post(
        "/api/narrations", json={"text": SHORT_TEXT}, headers={"Origin": "http://evil.example:8000"}
    )
    assert evil.status_code == 401
    own = idle_client.post(
        "/api/narrations", json={"text": SHORT_TEXT}, headers={"Origin": "http://127.0.0.1:8000"}
    )
    assert own.status_code == 202
    local = idle_client.post(
        "/api/narrations", json={"text": SHORT_TEXT}, headers={"Origin": "http://localhost:8000"}
    )
    assert local.status_code == 202


@pytest.mark.parametrize("value", ["many", "-1", "nan", "inf"])
def test_bad_limit_settings_are_a_clear_error(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    from newscaster.errors import OptionError

    monkeypatch.setenv(
        "NEWSCASTER_MAX_QUEUED_JOBS" if value == "many" else "NEWSCASTER_NARRATIONS_PER_MINUTE", value
    )
    with pytest.raises(OptionError, match="must be a number"):
        SecuritySettings.from_env()


def test_tokens_are_stored_hashed(tmp_path: Path) -> None:
    store = TokenStore(Database(tmp_path / "db.sqlite3"))
    info, token = store.create("newsroom")
    secret = token.split("_", 2)[2]  # the secret itself may hold "_"
    row = sqlite3.connect(tmp_path / "db.sqlite3").execute("SELECT * FROM api_tokens").fetchone()
    assert not any(secret in str(value) for value in row)
    assert len(row[3]) == 64  # hex HMAC-SHA256
    assert store.verify(token) == info.id
    assert store.verify(token + "x") is None and store.verify("garbage") is None
    _, second = store.create("second")
    salts = [r[0] for r in sqlite3.connect(tmp_path / "db.sqlite3").execute("SELECT salt FROM api_tokens")]
    assert len(set(salts)) == 2  # one salt per token


def test_token_cli_create_list_revoke(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newscaster.cli import cli

    monkeypatch.setenv("NEWSCASTER_DATA_DIR", str(tmp_path / "data"))
    runner = CliRunner()
    created = runner.invoke(cli, ["token", "create", "--name", "newsroom CMS"])
    assert created.exit_code == 0, created.output
    token = created.stdout.strip().splitlines()[0]
    assert token.startswith("nct_")
    store = TokenStore(Database(tmp_path / "data" / "newscaster.sqlite3"))
    token_id = store.verify(token)
    assert token_id is not None
    listed = runner.invoke(cli, ["token", "list"])
    assert token_id in listed.stdout and "newsroom CMS" in listed.stdout and "active" in listed.stdout
    assert token.rsplit("_", 1)[1] not in listed.stdout  # the secret is never shown again
    revoked = runner.invoke(cli, ["token", "revoke", token_id])
    assert revoked.exit_code == 0
    assert store.verify(token) is None
    assert "revoked" in runner.invoke(cli, ["token", "list"]).stdout
    again = runner.invoke(cli, ["token", "revoke", token_id])
    assert again.exit_code == 1 and again.stderr.startswith("newscaster: No active token")


def test_serve_tells_the_app_where_it_listens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: Settings
) -> None:
    """`newscaster serve --host <public address>` builds an app that needs tokens (uvicorn not started)."""
    import uvicorn

    from newscaster.cli import cli
    from newscaster.web import bind_check

    apps: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: apps.append(app))
    monkeypatch.setattr(bind_check, "check_address", lambda host, port: None)  # 192.0.2.10 is not ours
    monkeypatch.setenv("NEWSCASTER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NEWSCASTER_CACHE_DIR", str(settings.cache_dir))
    monkeypatch.delenv("NEWSCASTER_BIND_HOST", raising=False)
    runner = CliRunner()
    assert runner.invoke(cli, ["serve", "--host", "192.0.2.10", "--port", "8123"]).exit_code == 0
    assert runner.invoke(cli, ["serve", "--host", "127.0.0.1", "--port", "8123"]).exit_code == 0
    public, local = (app.state.newscaster.security for app in apps)
    assert public.bind_host == "192.0.2.10" and not public.loopback_only
    assert local.loopback_only


def test_loopback_hosts() -> None:
    assert all(map(is_loopback_host, ["127.0.0.1", "127.8.9.1", "::1", "[::1]", "localhost", "LOCALHOST"]))
    assert not any(map(is_loopback_host, ["0.0.0.0", "::", "192.168.1.5", "example.com", ""]))


# --- Rate limit and queue bound -------------------------------------------------------------------------


def test_rate_limit_per_client(tmp_path: Path, settings: Settings) -> None:
    client = TestClient(make_app(tmp_path, settings, narration_burst=2, narrations_per_minute=1))
    for _ in range(2):
        assert client.post("/api/narrations", json={"text": SHORT_TEXT}).status_code == 202
    limited = client.post("/api/narrations", json={"text": SHORT_TEXT})
    assert limited.status_code == 429
    assert 1 <= int(limited.headers["retry-after"]) <= 60
    assert "Too many" in limited.json()["error"]
    # Another client (a token counts as its own client) is not held back by this one.
    token = new_token(client)
    other = client.post(
        "/api/narrations", json={"text": SHORT_TEXT}, headers={"Authorization": f"Bearer {token}"}
    )
    assert other.status_code == 202
    # Refused requests do not use up the allowance of the token; reads are never limited.
    assert (
        client.post(
            "/api/narrations", json={"text": ""}, headers={"Authorization": f"Bearer {token}"}
        ).status_code
        == 422
    )
    assert (
        client.post(
            "/api/narrations", json={"text": SHORT_TEXT}, headers={"Authorization": f"Bearer {token}"}
        ).status_code
        == 202
    )
    assert client.get("/api/voices").status_code == 200


def test_token_bucket_refills() -> None:
    now = [0.0]
    limiter = RateLimiter(per_minute=6, burst=2, clock=lambda: now[0])
    assert limiter.acquire("a") == 0 and limiter.acquire("a") == 0
    wait = limiter.acquire("a")
    assert wait == pytest.approx(10.0)
    assert limiter.acquire("b") == 0  # per client
    now[0] += 10.0
    assert limiter.acquire("a") == 0
    assert limiter.acquire("a") > 0
    assert RateLimiter(per_minute=0, burst=0).acquire("x") == 0  # off


def test_queue_bound(tmp_path: Path, settings: Settings) -> None:
    client = TestClient(make_app(tmp_path, settings, max_queued_jobs=3, narrations_per_minute=0))
    for _ in range(3):
        assert client.post("/api/narrations", json={"text": SHORT_TEXT}).status_code == 202
    full = client.post("/api/narrations", json={"text": SHORT_TEXT})
    assert full.status_code == 429 and int(full.headers["retry-after"]) > 0
    assert "queue is full" in full.json()["error"]


def job_rows(client: TestClient) -> int:
    database: Database = client.app.state.newscaster.queue.db  # type: ignore[attr-defined]
    return int(database.connection().execute("SELECT count(*) FROM jobs").fetchone()[0])


def test_oversized_bodies_are_refused_before_anything_is_stored(idle_client: TestClient) -> None:
    """An 11.5 MB text used to be queued, fail, and stay in the database for ever."""
    page = "<html><body><p>" + "The ferry sailed again. " * 250_000 + "</p></body></html>"  # 6 MB
    declared = idle_client.post("/api/narrations", json={"html": page})
    assert declared.status_code == 413 and "MB" in declared.json()["error"]
    streamed = idle_client.post(
        "/api/narrations",
        content=iter([b'{"html": "', page.encode(), b'"}']),  # chunked: no Content-Length
        headers={"content-type": "application/json"},
    )
    assert streamed.status_code == 413
    text = idle_client.post("/api/narrations", json={"text": "The ferry sailed again. " * 10_000})
    assert text.status_code == 413 and "too long" in text.json()["error"]
    assert job_rows(idle_client) == 0
    a_real_page = idle_client.post("/api/narrations", json={"html": page[: 2 * 1024 * 1024] + "</p>"})
    assert a_real_page.status_code == 202, a_real_page.text  # a saved page of a few MB is fine


def test_each_client_gets_a_fair_share_of_the_queue(tmp_path: Path, settings: Settings) -> None:
    """One token filling its share of the queue does not turn the others away."""
    client = TestClient(
        make_app(tmp_path, settings, max_queued_jobs=4, max_queued_jobs_per_client=2, narrations_per_minute=0)
    )
    first, second, third = ({"Authorization": f"Bearer {new_token(client, name)}"} for name in "abc")
    for _ in range(2):
        assert client.post("/api/narrations", json={"text": SHORT_TEXT}, headers=first).status_code == 202
    own_share = client.post("/api/narrations", json={"text": SHORT_TEXT}, headers=first)
    assert own_share.status_code == 429 and int(own_share.headers["retry-after"]) > 0
    assert "waiting" in own_share.json()["error"]
    for _ in range(2):
        assert client.post("/api/narrations", json={"text": SHORT_TEXT}, headers=second).status_code == 202
    full = client.post("/api/narrations", json={"text": SHORT_TEXT}, headers=third)
    assert full.status_code == 429 and "queue is full" in full.json()["error"]


def test_storage_is_bounded_per_token(tmp_path: Path, settings: Settings, wait_for_job) -> None:
    """A token whose narrations take its quota gets a 4xx for new ones; another token does not."""
    app = make_app(tmp_path, settings, require_token=True, token_storage_mb=1)
    with TestClient(app) as client:
        heavy, light = ({"Authorization": f"Bearer {new_token(client, name)}"} for name in ("heavy", "light"))
        text = "# Harbour\n\n" + "The ferry sailed again on Monday, and the passengers were pleased. " * 12
        first = client.post(
            "/api/narrations", json={"text": text, "voice": "espeak:en-us", "format": "wav"}, headers=heavy
        )
        assert first.status_code == 202, first.text
        assert wait_for_job(client, first.headers["location"])["state"] == "done"
        again = client.post("/api/narrations", json={"text": SHORT_TEXT}, headers=heavy)
        assert again.status_code == 403, again.text
        assert "quota" in again.json()["error"] and "NEWSCASTER_TOKEN_STORAGE_MB" in again.json()["error"]
        other = client.post("/api/narrations", json={"text": SHORT_TEXT}, headers=light)
        assert other.status_code == 202, other.text


def test_a_request_cannot_create_hours_of_audio(tmp_path: Path, settings: Settings, wait_for_job) -> None:
    """71,000 characters at half speed in WAV once wrote 1.41 GB: refused before any synthesis."""
    app = make_app(tmp_path, settings)
    text = "# Harbour\n\n" + "The ferry sailed again on Monday. " * 1_800  # 61,000 characters
    with TestClient(app) as client:
        response = client.post(
            "/api/narrations", json={"text": text, "voice": "espeak:en-us", "speed": 0.5, "format": "wav"}
        )
        assert response.status_code == 202, response.text
        job = wait_for_job(client, response.headers["location"], timeout_s=60)
    assert job["state"] == "failed" and "minutes of audio" in job["error"], job
    assert job["progress"]["done"] == 0
    assert not list((tmp_path / "data" / "audio").rglob("*.wav"))


# --- No server-side files through the API ---------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/etc/passwd", "file:///etc/passwd", "-", "javascript:alert(1)", "ftp://x/y"]
)
def test_url_field_takes_only_web_addresses(idle_client: TestClient, url: str) -> None:
    response = idle_client.post("/api/narrations", json={"url": url})
    assert response.status_code == 422
    assert "http" in response.json()["error"]


def test_queued_url_job_never_reads_a_local_file(tmp_path: Path, settings: Settings, wait_for_job) -> None:
    """Even a job that reached the queue some other way: a path is not fetched as a file."""
    secret = tmp_path / "secret.txt"
    secret.write_text("The password is hunter two. Do not share it.")
    app = make_app(tmp_path, settings)
    job = app.state.newscaster.queue.submit(JobRequest(url=str(secret), voice="espeak:en-us"))
    with TestClient(app) as client:
        finished = wait_for_job(client, f"/api/jobs/{job.id}")
    assert finished["state"] == "failed" and "http" in finished["error"]
    assert finished["article_id"] is None


def test_lone_surrogates_are_not_a_crash(tmp_path: Path, settings: Settings, wait_for_job) -> None:
    body = b'{"text": "The ferry \\ud800 sailed again. It was calm.", "voice": "espeak:en-us"}'
    with TestClient(make_app(tmp_path, settings)) as client:
        response = client.post("/api/narrations", content=body, headers={"content-type": "application/json"})
        job = wait_for_job(client, response.headers["location"])
    assert job["state"] == "done", job


def test_json_true_is_not_a_speed(idle_client: TestClient) -> None:
    assert idle_client.post("/api/narrations", json={"text": SHORT_TEXT, "speed": True}).status_code == 422


# --- In a real browser ----------------------------------------------------------------------------------

PAYLOAD = "window.__pwned"
HOSTILE_PAGE = f"""<!doctype html><html lang="en"><head>
<title>Harbour &lt;img src=x onerror="{PAYLOAD}='title'"&gt; "quoted" 'single' &lt;/script&gt;&lt;script&gt;{PAYLOAD}='title-script'&lt;/script&gt;</title>
<link rel="canonical" href="javascript:{PAYLOAD}='canonical'">
<meta property="og:site_name" content="&lt;svg onload={PAYLOAD}='site'&gt;">
</head><body><article>
<h1>Harbour &lt;img src=x onerror="{PAYLOAD}='h1'"&gt; "quoted" 'single' &lt;/script&gt;&lt;script&gt;{PAYLOAD}='h1-script'&lt;/script&gt;</h1>
<p class="byline">By &lt;b onmouseover={PAYLOAD}='byline'&gt;Mallory&lt;/b&gt;</p>
<script>{PAYLOAD}='body-script'</script>
<p>The council met on Monday &lt;img src=x onerror="{PAYLOAD}='p-img'"&gt; to discuss the harbour. Residents said "it's fine" &amp; left.</p>
<p><img src=x onerror="{PAYLOAD}='real-img'">A real image tag with an onerror handler came before this sentence. It must not survive.</p>
<p>The last paragraph &lt;iframe src="javascript:{PAYLOAD}='iframe'"&gt;&lt;/iframe&gt; ends the story here.</p>
</article></body></html>"""
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation',
  (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def poll(page: Any, expression: str, timeout_s: float = 30.0) -> Any:
    """Like Playwright's wait_for_function, which the CSP forbids (it evaluates strings)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = page.evaluate(expression)
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for: {expression}")


@pytest.fixture(scope="module")
def strict_browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Chromium with the pages' CSP in force (no bypass)."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-csp")),
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1280, "height": 900},
        )
        try:
            yield context
        finally:
            context.close()


@pytest.mark.slow
def test_article_content_never_runs_as_script(strict_browser: Any, live_server: Any) -> None:
    response = httpx.post(
        live_server.url + "/api/narrations", json={"html": HOSTILE_PAGE, "voice": "espeak:en-us"}, timeout=30
    )
    assert response.status_code == 202, response.text
    deadline = time.monotonic() + 120
    while (job := httpx.get(live_server.url + response.headers["location"]).json())["state"] not in {
        "done",
        "failed",
    }:
        assert time.monotonic() < deadline, job
        time.sleep(0.2)
    assert job["state"] == "done", job

    page = strict_browser.new_page()
    page.add_init_script(WATCH_CSP)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    for path in ("/", "/library", f"/articles/{job['article_id']}"):
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        assert page.evaluate(PAYLOAD) is None, f"article content ran as script on {path}"
        assert (
            page.evaluate(
                "document.querySelectorAll('img[src=\"x\"], iframe, svg[onload], b[onmouseover]').length"
            )
            == 0
        )
        assert page.evaluate("window.__cspViolations") == [], f"the page itself breaks the CSP on {path}"
        hrefs = [link.get_attribute("href") or "" for link in page.query_selector_all("a[href]")]
        scripted = [href for href in hrefs if href.strip().lower().startswith("javascript:")]
        assert hrefs and not scripted, f"a link on {path} runs script: {scripted}"

    # The markup is shown as text, exactly as written.
    title = page.inner_text("h1")
    assert "<img src=x onerror=" in title and "</script><script>" in title
    assert "<img src=x onerror=" in page.inner_text("#article-body")
    # The page's canonical link is a javascript: URL: it must not become the article's address, which the
    # article page links as "Source".
    article = httpx.get(f"{live_server.url}/api/articles/{job['article_id']}").json()
    assert article["url"] is None and "Source:" not in page.inner_text(".article__footer")

    # The player works under the CSP: it plays, and the read-along follows.
    poll(page, "document.getElementById('audio').readyState >= 1")
    page.click("#play")
    poll(page, "document.getElementById('audio').currentTime > 0.3")
    poll(page, "document.querySelector('.s.current') !== null")
    page.click("#play")
    assert page.evaluate(PAYLOAD) is None
    assert page.evaluate("window.__cspViolations") == []

    # And the CSP is really enforced: an injected inline script is blocked and reported.
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__inline = 1';"
        " document.body.appendChild(s); }"
    )
    assert page.evaluate("window.__inline") is None
    assert any(
        "script-src" in v for v in poll(page, "window.__cspViolations.length && window.__cspViolations")
    )
    assert errors == [], errors
