"""``/signin`` and ``/signout``: the form that exchanges an API token or the admin password for a session
cookie (see ``sessions`` for the cookie and its CSRF token)."""

from __future__ import annotations

import logging
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ..logs import log_event
from .access import write_access
from .pages import templates
from .security import client_key, retry_after_header
from .sessions import SESSION_COOKIE, SESSION_MAX_AGE_S, csrf_matches
from .site import root_of
from .state import AppState

router = APIRouter(tags=["pages"], include_in_schema=False)
log = logging.getLogger(__name__)

MAX_FORM_FIELD_CHARS = 1000
"""Longer than any token (~60 characters) or sensible password; a longer field is not looked at."""


def local_target(value: str | None) -> str:
    """Where to go after signing in: a path on this site, never another site (``//evil``, ``/\\evil``)."""
    value = (value or "").strip()
    if not value.startswith("/") or value.startswith("//") or "\\" in value or len(value) > 2000:
        return "/"
    return value


async def _form(request: Request) -> dict[str, str]:
    fields = parse_qs((await request.body()).decode("utf-8", "replace"), max_num_fields=10)
    return {name: values[0][:MAX_FORM_FIELD_CHARS] for name, values in fields.items() if values}


def _signin_page(request: Request, target: str, error: str = "", status_code: int = 200) -> HTMLResponse:
    return templates.TemplateResponse(
        request,
        "signin.html",
        {"page": "signin", "next": target, "error": error},
        status_code=status_code,
        headers={"Cache-Control": "no-store"},
    )


@router.get("/signin", response_class=HTMLResponse)
def signin_page(request: Request, next: str | None = None) -> HTMLResponse:
    return _signin_page(request, local_target(next))


@router.post("/signin", response_class=HTMLResponse)
async def sign_in(request: Request) -> Response:
    state: AppState = request.app.state.newscaster
    form = await _form(request)
    target = local_target(form.get("next"))
    wait_s = state.sign_in_limiter.acquire(client_key(request.scope))
    if wait_s > 0:
        refused = _signin_page(
            request, target, f"Too many attempts; try again in {retry_after_header(wait_s)} s.", 429
        )
        refused.headers["Retry-After"] = retry_after_header(wait_s)
        return refused
    cookie = state.sessions.sign_in(form.get("credential", ""))
    client = request.client.host if request.client else None
    if cookie is None:
        log_event(log, logging.WARNING, "signin", outcome="refused", client=client)
        return _signin_page(request, target, "That is not a valid API token or the admin password.", 401)
    signed_in = state.sessions.read(cookie)
    log_event(
        log, logging.INFO, "signin", outcome="ok", who=signed_in.who if signed_in else None, client=client
    )
    root = root_of(request.scope)
    response = RedirectResponse(root + target, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        cookie,
        max_age=SESSION_MAX_AGE_S,
        path=root + "/",  # this site's pages only, under the sub-path it is served at
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="lax",
    )
    return response


@router.post("/signout")
async def sign_out(request: Request) -> Response:
    form = await _form(request)
    signed_in = write_access(request).signed_in
    root = root_of(request.scope)
    response = RedirectResponse(root + "/", status_code=303)
    # Only the page's own form knows the CSRF token: another site cannot sign a reader out.
    if signed_in is not None and csrf_matches(signed_in, form.get("csrf")):
        secure = request.url.scheme == "https"
        response.delete_cookie(SESSION_COOKIE, path=root + "/", secure=secure, httponly=True)
    return response
