"""``/docs``: Swagger UI served from this server, so the API page works offline and under a strict CSP.

FastAPI's own page loads Swagger UI from a CDN and starts it with an inline script: blank on a server
without internet access, and refused by our Content-Security-Policy anyway. Here the assets come from the
installed ``swagger-ui-bundle-v2`` package (Swagger UI 5, which reads OpenAPI 3.1) under ``/docs/assets``,
and the page is started by our own ``static/api-docs.js``: every script is from this origin.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from .site import root_of

ASSETS_PATH = "/docs/assets"

router = APIRouter()


def swagger_ui_dir() -> Path | None:
    """The installed Swagger UI files, or None when the package is missing (``/docs`` then says so)."""
    try:
        from swagger_ui_bundle import swagger_ui_path
    except ImportError:
        return None
    folder = Path(str(swagger_ui_path))
    return folder if (folder / "swagger-ui-bundle.js").is_file() else None


def mount_docs(app: FastAPI) -> None:
    """The ``/docs`` page and its assets (the app is created with FastAPI's own docs turned off)."""
    folder = swagger_ui_dir()
    if folder is not None:
        app.mount(ASSETS_PATH, StaticFiles(directory=folder), name="docs-assets")
    app.include_router(router)


@router.get("/docs", include_in_schema=False)
def docs_page(request: Request) -> HTMLResponse:
    root = escape(root_of(request.scope))
    if swagger_ui_dir() is None:
        return HTMLResponse(
            "<!doctype html><html lang=en><meta charset=utf-8><title>newscaster API</title>"
            f"<p>The API page needs the swagger-ui-bundle-v2 package; the schema is at "
            f'<a href="{root}/openapi.json">/openapi.json</a>.</p></html>',
            status_code=503,
        )
    return HTMLResponse(
        f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>newscaster API</title>
  <link rel="stylesheet" href="{root}{ASSETS_PATH}/swagger-ui.css">
  <link rel="icon" type="image/png" href="{root}{ASSETS_PATH}/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui" data-openapi-url="{root}/openapi.json"></div>
  <script src="{root}{ASSETS_PATH}/swagger-ui-bundle.js"></script>
  <script src="{root}/static/api-docs.js"></script>
</body>
</html>
"""
    )
