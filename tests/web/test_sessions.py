"""Signing in on the web pages: a token or the admin password exchanged for a session cookie (HttpOnly,
SameSite, Secure over https), CSRF-protected writes, write controls only for those allowed, reads public."""

from __future__ import annotations

import json
import logging
import re
import stat
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_support import web_settings

from newscaster.config import Settings
from newscaster.errors import OptionError
from newscaster.store.tokens import TokenStore
from newscaster.web.app import create_app
from newscaster.web.proxies import parse_trusted_proxies
from newscaster.web.security import SecuritySettings
from newscaster.web.sessions import SESSION_COOKIE, AdminPassword, hash_password

NARRATION = {"text": "# Ferry news\n\nThe ferry sailed again on Monday.", "voice": "espeak:en-us"}
PASSWORD = "correct horse battery"


def shared_app(tmp_path: Path, settings: Settings, **security: Any) -> Any:
    """A server whose writes need a token (as on ``--host 0.0.0.0``), trusting a proxy on 127.0.0.1."""
    own = web_settings(tmp_path / "data", settings)
    policy = SecuritySettings(
        require_token=True, trusted_proxies=parse_trusted_proxies("127.0.0.1"), **security
    )
    return create_app(own, job_threads=1, synthesis_processes=1, security=policy)


def new_token(client: TestClient) -> tuple[str, str]:
    tokens: TokenStore = client.app.state.newscaster.tokens  # type: ignore[attr-defined]
    info, token = tokens.create("editor")
    return info.id, token


def csrf_of(page: str) -> str:
    match = re.search(r'<meta name="csrf-token" content="([^"]*)">', page)
    assert match is not None
    return match.group(1)


def player_data(page: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="player-data">(.*?)</script>', page, re.S)
    assert found is not None
    return dict(json.loads(found.group(1)))


def sign_in(client: TestClient, credential: str, target: str = "/") -> Any:
    return client.post("/signin", data={"credential": credential, "next": target}, follow_redirects=False)


def test_an_anonymous_reader_sees_no_write_controls_and_can_still_read(
    tmp_path: Path, settings: Settings
) -> None:
    client = TestClient(shared_app(tmp_path, settings))
    home = client.get("/")
    assert home.status_code == 200
    assert 'id="narrate-form"' not in home.text
    assert 'href="/signin?next=/"' in home.text and csrf_of(home.text) == ""
    assert client.get("/library").status_code == 200 and client.get("/api/voices").status_code == 200
    assert client.post("/api/narrations", json=NARRATION).status_code == 401


def test_a_token_signs_a_browser_in(
    tmp_path: Path, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    client = TestClient(shared_app(tmp_path, settings))
    token_id, token = new_token(client)
    with caplog.at_level(logging.INFO, logger="newscaster"):
        refused = sign_in(client, "nct_00000000_" + "x" * 43)
        sign_in(client, token)
    logged = [r.getMessage() for r in caplog.records if "event=signin" in r.getMessage()]
    assert "outcome=refused" in logged[0] and f"outcome=ok who=token:{token_id}" in logged[1]
    assert token not in " ".join(logged)
    assert refused.status_code == 401 and "not a valid API token" in refused.text
    assert SESSION_COOKIE not in refused.cookies

    answer = sign_in(client, token, "/library")
    assert answer.status_code == 303 and answer.headers["location"] == "/library"
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # asked over plain http
    assert token not in cookie  # the cookie names the token's id, never the token

    home = client.get("/")
    assert 'id="narrate-form"' in home.text and "Sign out" in home.text
    csrf = csrf_of(home.text)
    assert len(csrf) > 20
    # The cookie alone is what a forged request from another site would carry: refused.
    forged = client.post("/api/narrations", json=NARRATION)
    assert forged.status_code == 403 and "CSRF" in forged.json()["error"]
    wrong = client.post("/api/narrations", json=NARRATION, headers={"X-CSRF-Token": csrf[:-1] + "x"})
    assert wrong.status_code == 403
    accepted = client.post("/api/narrations", json=NARRATION, headers={"X-CSRF-Token": csrf})
    assert accepted.status_code == 202, accepted.text


def test_a_bearer_token_needs_no_csrf_token(tmp_path: Path, settings: Settings) -> None:
    client = TestClient(shared_app(tmp_path, settings))
    _, token = new_token(client)
    answer = client.post("/api/narrations", json=NARRATION, headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 202


def test_the_cookie_is_secure_over_https(tmp_path: Path, settings: Settings) -> None:
    client = TestClient(shared_app(tmp_path, settings), client=("127.0.0.1", 40000))
    _, token = new_token(client)
    answer = client.post(
        "/signin",
        data={"credential": token, "next": "/"},
        headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"},
        follow_redirects=False,
    )
    assert answer.status_code == 303 and "Secure" in answer.headers["set-cookie"]


def test_a_revoked_token_ends_its_sessions(tmp_path: Path, settings: Settings) -> None:
    client = TestClient(shared_app(tmp_path, settings))
    token_id, token = new_token(client)
    sign_in(client, token)
    assert 'id="narrate-form"' in client.get("/").text
    client.app.state.newscaster.tokens.revoke(token_id)  # type: ignore[attr-defined]
    home = client.get("/")
    assert 'id="narrate-form"' not in home.text
    answer = client.post("/api/narrations", json=NARRATION, headers={"X-CSRF-Token": "anything"})
    assert answer.status_code == 401


@pytest.mark.parametrize("setting", [PASSWORD, hash_password(PASSWORD)])
def test_the_admin_password_signs_in(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch, setting: str
) -> None:
    monkeypatch.setenv("NEWSCASTER_ADMIN_PASSWORD", setting)
    client = TestClient(shared_app(tmp_path, settings))
    assert sign_in(client, "wrong password").status_code == 401
    assert sign_in(client, PASSWORD).status_code == 303
    csrf = csrf_of(client.get("/").text)
    assert client.post("/api/narrations", json=NARRATION, headers={"X-CSRF-Token": csrf}).status_code == 202

    # Another password: the sessions made with the old one end (same data folder, same secret).
    monkeypatch.setenv("NEWSCASTER_ADMIN_PASSWORD", "another password entirely")
    restarted = TestClient(shared_app(tmp_path, settings), cookies=client.cookies)
    assert 'id="narrate-form"' not in restarted.get("/").text


def test_a_session_survives_a_restart_and_the_secret_is_private(tmp_path: Path, settings: Settings) -> None:
    client = TestClient(shared_app(tmp_path, settings))
    _, token = new_token(client)
    sign_in(client, token)
    secret = tmp_path / "data" / "session-secret"
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    restarted = TestClient(shared_app(tmp_path, settings), cookies=client.cookies)
    assert 'id="narrate-form"' in restarted.get("/").text


def test_a_malformed_password_hash_is_a_clear_error() -> None:
    assert AdminPassword.from_setting("") is None
    with pytest.raises(OptionError, match="newscaster admin-password"):
        AdminPassword.from_setting("scrypt$nonsense")


def test_signing_out_needs_the_pages_csrf_token(tmp_path: Path, settings: Settings) -> None:
    client = TestClient(shared_app(tmp_path, settings))
    _, token = new_token(client)
    sign_in(client, token)
    forged = client.post("/signout", data={"csrf": "guess"}, follow_redirects=False)
    assert forged.status_code == 303 and "set-cookie" not in forged.headers
    csrf = csrf_of(client.get("/").text)
    answer = client.post("/signout", data={"csrf": csrf}, follow_redirects=False)
    assert answer.status_code == 303 and "Max-Age=0" in answer.headers["set-cookie"]
    client.cookies.clear()
    assert 'id="narrate-form"' not in client.get("/").text


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example", "library"])
def test_sign_in_returns_only_to_this_site(tmp_path: Path, settings: Settings, target: str) -> None:
    client = TestClient(shared_app(tmp_path, settings))
    _, token = new_token(client)
    assert sign_in(client, token, target).headers["location"] == "/"


def test_sign_in_attempts_are_rate_limited(tmp_path: Path, settings: Settings) -> None:
    client = TestClient(shared_app(tmp_path, settings))
    answers = [sign_in(client, f"guess {n}").status_code for n in range(12)]
    assert answers[:10] == [401] * 10 and answers[-1] == 429


def test_the_article_page_offers_narration_only_to_those_allowed(
    tmp_path: Path, settings: Settings, wait_for_job
) -> None:
    with TestClient(shared_app(tmp_path, settings)) as client:
        _, token = new_token(client)
        job = client.post("/api/narrations", json=NARRATION, headers={"Authorization": f"Bearer {token}"})
        article_id = wait_for_job(client, job.headers["location"])["article_id"]
        anonymous = client.get(f"/articles/{article_id}?voice=flite:slt")
        data = player_data(anonymous.text)
        assert data["can_narrate"] is False and data["pending_voice"] is None
        offered = re.findall(
            r'<option value="([^"]+)"', anonymous.text.split('id="voice-select"')[1].split("</select>")[0]
        )
        assert offered == ["espeak:en-us"]  # only the voice that has read it
        assert "/signin?next=" in anonymous.text

        sign_in(client, token)
        signed_in = client.get(f"/articles/{article_id}?voice=flite:slt")
        data = player_data(signed_in.text)
        assert data["can_narrate"] is True and data["pending_voice"] == "flite:slt"
        assert signed_in.headers["cache-control"] == "private, no-store"
        assert csrf_of(signed_in.text) and csrf_of(signed_in.text) != csrf_of(anonymous.text)


def test_a_signed_in_browser_manages_articles_with_its_csrf_token(
    tmp_path: Path, settings: Settings, wait_for_job
) -> None:
    """The library's Unpublish / Delete are writes like Narrate: shown to a signed-in browser only, and sent
    with the session's CSRF token; a withdrawn article stays visible to it (to publish it again)."""
    with TestClient(shared_app(tmp_path, settings)) as client:
        _, token = new_token(client)
        job = client.post("/api/narrations", json=NARRATION, headers={"Authorization": f"Bearer {token}"})
        article_id = wait_for_job(client, job.headers["location"])["article_id"]
        assert 'data-action="delete"' not in client.get("/library").text
        assert client.patch(f"/api/articles/{article_id}", json={"unpublished": True}).status_code == 401

        sign_in(client, token)
        library = client.get("/library").text
        assert 'data-action="unpublish"' in library and 'data-action="delete"' in library
        assert "/static/library.js" in library
        csrf = csrf_of(library)
        forged = client.patch(f"/api/articles/{article_id}", json={"unpublished": True})
        assert forged.status_code == 403 and "CSRF" in forged.json()["error"]
        changed = client.patch(
            f"/api/articles/{article_id}", json={"unpublished": True}, headers={"X-CSRF-Token": csrf}
        )
        assert changed.status_code == 200 and changed.json()["unpublished"] is True
        assert client.get(f"/articles/{article_id}").status_code == 200  # the editor still sees it
        assert client.get(f"/api/articles/{article_id}").json()["unpublished"] is True

        client.cookies.clear()  # an anonymous reader: withdrawn is gone
        assert client.get(f"/articles/{article_id}").status_code == 404
        assert client.get(f"/api/articles/{article_id}").status_code == 404

        sign_in(client, token)
        csrf = csrf_of(client.get("/library").text)
        assert client.delete(f"/api/articles/{article_id}").status_code == 403
        deleted = client.delete(f"/api/articles/{article_id}", headers={"X-CSRF-Token": csrf})
        assert deleted.status_code == 204
        assert client.get(f"/api/articles/{article_id}").status_code == 404
