"""Listening analytics over HTTP: the counts table holds nothing personal, listening reports are counted
(and bad ones refused with a 4xx), the API and the dashboard show the figures, and only the newsroom sees
them. The browser test (a narrated article played and seeked in Chromium) is in test_analytics_browser.py.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from polling import wait_for_job
from test_sessions import csrf_of, sign_in
from web_support import web_settings

from newscaster.config import Settings
from newscaster.logs import FIELDS_ATTRIBUTE
from newscaster.web.app import create_app
from newscaster.web.security import SecuritySettings

VOICE = "espeak:en-us"
TEXT = (
    "# Tide tables printed again\n\nThe harbour office printed the tide tables again. They sold out by noon."
)
PERSONAL = re.compile(r"ip|addr|cookie|user|session|client|agent|device|token|email|referr|host|time|_at$")
"""Column names that would hold (or tie rows to) a person, or a time finer than the day."""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Iterator[tuple[TestClient, str]]:
    """A server whose writes need a token (as on --host 0.0.0.0), and that token."""
    own = web_settings(tmp_path_factory.mktemp("analytics-data"), settings)
    security = SecuritySettings(require_token=True, read_burst=500, reads_per_minute=600)
    with TestClient(create_app(own, job_threads=1, synthesis_processes=1, security=security)) as client:
        _, token = client.app.state.newscaster.tokens.create("newsroom")  # type: ignore[attr-defined]
        yield client, token


@pytest.fixture(scope="module")
def article_id(server: tuple[TestClient, str]) -> str:
    client, token = server
    auth = {"Authorization": f"Bearer {token}"}
    response = client.post("/api/narrations", json={"text": TEXT, "voice": VOICE}, headers=auth)
    assert response.status_code == 202, response.text
    job = wait_for_job(client, response.headers["location"])
    assert job["state"] == "done", job
    return str(job["article_id"])


def report(client: TestClient, **fields: Any) -> Any:
    """As navigator.sendBeacon sends a string: text/plain, no token, no cookie, no CSRF header."""
    import json

    return client.post("/api/listens", content=json.dumps(fields), headers={"Content-Type": "text/plain"})


def test_the_counts_table_holds_nothing_personal(server: tuple[TestClient, str]) -> None:
    client, _ = server
    path = client.app.state.newscaster.settings.data_dir / "newscaster.sqlite3"  # type: ignore[attr-defined]
    with sqlite3.connect(path) as connection:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(listening_counts)")]
        key = [row[1] for row in connection.execute("PRAGMA table_info(listening_counts)") if row[5]]
    assert columns == [
        "article_id", "listened_on", "voice_id", "speed_percent",
        "plays", "reached_25", "reached_50", "reached_75", "reached_100",
    ]  # fmt: skip
    assert key == ["article_id", "listened_on", "voice_id", "speed_percent"]
    assert not [name for name in columns if PERSONAL.search(name)]


def test_scripted_listens_are_counted(server: tuple[TestClient, str], article_id: str) -> None:
    client, token = server
    # Two page loads at 1x: one listens to the end, one stops after a quarter; a third at 1.6x (counted
    # as 1.5x) gets halfway.
    for kind in ("play", "reached_25", "reached_50", "reached_75", "reached_100", "play", "reached_25"):
        assert report(client, article_id=article_id, kind=kind, voice=VOICE, speed=1).status_code == 204
    for kind in ("play", "reached_25", "reached_50"):
        response = client.post(
            "/api/listens", json={"article_id": article_id, "kind": kind, "voice": VOICE, "speed": 1.6}
        )
        assert response.status_code == 204, response.text
    auth = {"Authorization": f"Bearer {token}"}
    site = client.get("/api/analytics", headers=auth)
    assert site.status_code == 200, site.text
    figures = site.json()
    assert figures["totals"] == {
        "plays": 3, "reached_25": 3, "reached_50": 2, "reached_75": 1, "reached_100": 1,
        "average_completion": round((1 + 0.25 + 0.5) / 3, 4),
    }  # fmt: skip
    assert figures["per_day"][-1]["day"] == figures["until"] and figures["per_day"][-1]["plays"] == 3
    assert len(figures["per_day"]) == 30 and sum(d["plays"] for d in figures["per_day"]) == 3
    assert figures["speeds"] == [{"speed": 1.0, "plays": 2}, {"speed": 1.5, "plays": 1}]
    assert figures["voices"] == [{"voice": VOICE, "plays": 3}]
    (top,) = figures["most_listened"]
    assert top["article_id"] == article_id and top["title"] == "Tide tables printed again"
    assert top["plays"] == 3 and top["analytics_url"] == f"/api/articles/{article_id}/analytics"
    one = client.get(top["analytics_url"], headers=auth, params={"days": 7}).json()
    assert one["article_id"] == article_id and one["totals"] == figures["totals"]
    assert len(one["per_day"]) == 7 and one["speeds"] == figures["speeds"]


@pytest.mark.parametrize(
    ("body", "status", "said"),
    [
        ({"article_id": "0123456789abcdef", "kind": "play", "voice": VOICE, "speed": 1}, 422, "no article"),
        ({"kind": "play", "voice": VOICE, "speed": 1}, 422, "article_id"),
        ({"kind": "paused", "voice": VOICE, "speed": 1}, 422, "kind"),
        ({"kind": "play", "voice": "espeak:en-gb", "speed": 1}, 422, "has not narrated"),
        ({"kind": "play", "voice": VOICE, "speed": 2.5}, 422, "speed"),
        ({"kind": "play", "voice": VOICE, "speed": 0.2}, 422, "speed"),
        ({"kind": "play", "voice": VOICE, "speed": True}, 422, "speed"),
        ({"kind": "play", "voice": VOICE, "speed": "fast"}, 422, "speed"),
        ({"kind": "play", "voice": VOICE, "speed": 1, "user_id": "u-42"}, 422, "user_id"),
        ([1, 2], 422, "body"),
    ],
)
def test_a_bad_report_is_a_4xx_and_counts_nothing(
    server: tuple[TestClient, str], article_id: str, body: Any, status: int, said: str
) -> None:
    client, token = server
    if isinstance(body, dict) and "article_id" not in body and said != "article_id":
        body = {"article_id": article_id, **body}
    before = client.get("/api/analytics", headers={"Authorization": f"Bearer {token}"}).json()["totals"]
    response = report(client, **body) if isinstance(body, dict) else client.post("/api/listens", json=body)
    assert response.status_code == status, response.text
    assert response.json()["status"] == status and said in response.json()["error"]
    after = client.get("/api/analytics", headers={"Authorization": f"Bearer {token}"}).json()["totals"]
    assert after == before


def test_not_json_or_too_large_is_refused(server: tuple[TestClient, str], article_id: str) -> None:
    client, _ = server
    bad = client.post("/api/listens", content=b"play!", headers={"Content-Type": "text/plain"})
    assert bad.status_code == 400 and bad.json()["error"] == "The listening report is not valid JSON"
    huge = report(client, article_id=article_id, kind="play", voice="x" * 2000, speed=1)
    assert huge.status_code == 413


def test_reports_need_no_token_or_csrf_even_from_a_signed_in_browser(
    server: tuple[TestClient, str], article_id: str
) -> None:
    client, token = server
    body = {"article_id": article_id, "kind": "play", "voice": VOICE, "speed": 1}
    # No credentials on a server whose writes need them: still counted (it is not a write of anyone's).
    assert report(client, **body).status_code == 204
    # A signed-in editor's browser sends its session cookie with the beacon, and no CSRF header.
    with TestClient(client.app) as browser:
        assert sign_in(browser, token).status_code == 303
        assert report(browser, **body).status_code == 204
        assert browser.post("/api/narrations", json={"text": TEXT}).status_code == 403  # others still need it


def test_reports_are_rate_limited_per_client(tmp_path: Path, settings: Settings) -> None:
    own = web_settings(tmp_path / "data", settings)
    app = create_app(own, job_threads=1, synthesis_processes=1, security=SecuritySettings(read_burst=2))
    with TestClient(app) as client:
        answers = [report(client, article_id="nope", kind="play", voice=VOICE, speed=1) for _ in range(3)]
    assert [a.status_code for a in answers] == [422, 422, 429]
    assert int(answers[2].headers["retry-after"]) >= 1


def test_analytics_are_for_the_newsroom(server: tuple[TestClient, str], article_id: str) -> None:
    client, token = server
    assert client.get("/api/analytics").status_code == 401
    assert client.get(f"/api/articles/{article_id}/analytics").status_code == 401
    wrong = client.get("/api/analytics", headers={"Authorization": "Bearer nct_nope"})
    assert wrong.status_code == 401 and "newsroom" in wrong.json()["error"]
    assert (
        client.get("/api/articles/nope/analytics", headers={"Authorization": f"Bearer {token}"}).status_code
        == 404
    )
    page = client.get("/analytics", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/signin?next=%2Fanalytics"
    assert "/analytics" not in client.get("/library").text  # no nav link for an anonymous reader


def test_the_dashboard_draws_the_figures(server: tuple[TestClient, str], article_id: str) -> None:
    client, token = server
    with TestClient(client.app) as browser:
        sign_in(browser, token)
        library = browser.get("/library").text
        assert '<a href="/analytics">Analytics</a>' in library
        page = browser.get("/analytics")
        one = browser.get(f"/analytics/articles/{article_id}")
    assert page.status_code == 200 and page.headers["cache-control"] == "private, no-store"
    html = page.text
    assert "no cookies are set, and no addresses, user ids or times finer than the day are stored" in html
    totals = client.get("/api/analytics", headers={"Authorization": f"Bearer {token}"}).json()["totals"]
    assert f'<dd id="total-plays">{totals["plays"]}</dd>' in html
    completion = round(totals["average_completion"] * 100)
    assert f'<dd id="average-completion">{completion} %</dd>' in html
    svgs = re.findall(r"<svg class=\"chart\".*?</svg>", html, re.S)
    assert len(svgs) == 5  # per day, completion, most listened, speeds, voices
    assert all('role="img"' in svg and "<title id=" in svg for svg in svgs)
    assert "Tide tables printed again" in svgs[2] and "1.5x" in svgs[3] and VOICE in svgs[4]
    assert f'href="/analytics/articles/{article_id}?days=30"' in html
    assert "<script" not in html.split("</main>")[0].split("<main")[1]  # charts need no script
    assert one.status_code == 200 and "Listening: Tide tables printed again" in one.text
    assert len(re.findall(r"<svg class=\"chart\"", one.text)) == 4  # no "most listened" for one article
    # Every chart's text is escaped: a headline with markup stays text.
    assert '<title id="chart-articles-t">Most listened articles</title>' in html


def test_the_article_page_says_what_is_counted(server: tuple[TestClient, str], article_id: str) -> None:
    client, _ = server
    page = client.get(f"/articles/{article_id}").text
    assert "No cookies, no addresses, no user ids are stored." in page
    assert re.search(r'<script src="/static/listens\.js\?v=\w+" defer></script>', page)
    embed = client.get(f"/embed/articles/{article_id}").text
    assert "/static/listens.js" in embed and "/static/embed-frame.js" in embed


def test_the_access_log_keeps_no_address_for_reports(
    server: tuple[TestClient, str], article_id: str, caplog: pytest.LogCaptureFixture
) -> None:
    client, _ = server
    with caplog.at_level(logging.INFO, logger="newscaster"):
        report(client, article_id=article_id, kind="play", voice=VOICE, speed=1)
        client.get("/api/voices")
    lines = [
        dict(getattr(r, FIELDS_ATTRIBUTE))
        for r in caplog.records
        if getattr(r, FIELDS_ATTRIBUTE, {}).get("event") == "request"
    ]
    listens, voices = lines[-2:]
    assert listens["path"] == "/api/listens" and listens["client"] is None
    assert voices["client"] == "testclient"


def test_the_openapi_schema_describes_the_analytics(server: tuple[TestClient, str]) -> None:
    client, _ = server
    schema = client.get("/openapi.json").json()
    listens = schema["paths"]["/api/listens"]["post"]
    body = listens["requestBody"]["content"]["text/plain"]["schema"]
    assert body["properties"]["kind"]["enum"] == [
        "play",
        "reached_25",
        "reached_50",
        "reached_75",
        "reached_100",
    ]
    assert body["additionalProperties"] is False
    assert "security" not in listens and "401" not in listens["responses"]
    assert {"204", "400", "413", "422", "429"} <= set(listens["responses"])
    site = schema["paths"]["/api/analytics"]["get"]
    assert site["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/AnalyticsOut")
    assert "401" in site["responses"]
    assert "ArticleAnalyticsOut" in schema["components"]["schemas"]
    assert "TotalsOut" in schema["components"]["schemas"]


def test_csrf_token_is_on_the_dashboard_for_a_signed_in_editor(server: tuple[TestClient, str]) -> None:
    client, token = server
    with TestClient(client.app) as browser:
        sign_in(browser, token)
        assert csrf_of(browser.get("/analytics").text) != ""
