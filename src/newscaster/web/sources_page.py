"""``/sources``: the newsroom's page of feeds and sitemaps: list, add, remove, last poll and error.

For those allowed to write (a signed-in browser, or a server that needs no credentials); others are sent to
sign in. The page's script uses ``/api/sources``, so it is guarded like every other write.
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ..sources.options import DEFAULT_INTRO
from .access import write_access
from .pages import templates
from .site import app_path, root_of
from .state import AppState

router = APIRouter(tags=["pages"], include_in_schema=False)


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request) -> Response:
    if not write_access(request).can_write:
        here = app_path(request.scope)
        return RedirectResponse(
            f"{root_of(request.scope)}/signin?{urlencode({'next': here})}", status_code=303
        )
    state: AppState = request.app.state.newscaster
    return templates.TemplateResponse(
        request,
        "sources.html",
        {"page": "sources", "sources": state.sources.all(), "default_intro": DEFAULT_INTRO},
        headers={"Cache-Control": "private, no-store"},
    )
