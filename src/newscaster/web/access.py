"""What the pages may offer the reader in front of them: write controls only to those allowed to write.

Reads are public. A write (narrate, narrate with another voice) is allowed when the server needs no
credentials from this request (loopback, no token made yet) or the browser is signed in
(``sessions``); otherwise the pages show a "Sign in" link instead of controls that would only fail.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request

from .security import writes_need_credentials
from .sessions import SESSION_COOKIE, SignedIn
from .site import app_path, root_of
from .state import AppState


@dataclass(frozen=True)
class WriteAccess:
    sign_in_needed: bool
    """Writes need a token or a signed-in browser here: the pages offer the sign-in form."""
    signed_in: SignedIn | None

    @property
    def can_write(self) -> bool:
        return self.signed_in is not None or not self.sign_in_needed

    @property
    def csrf(self) -> str:
        """The session's CSRF token for the pages' scripts (empty when not signed in)."""
        return self.signed_in.csrf if self.signed_in else ""


def write_access(request: Request) -> WriteAccess:
    """For this request (worked out once, then kept on it)."""
    known = getattr(request.state, "newscaster_access", None)
    if isinstance(known, WriteAccess):
        return known
    state: AppState = request.app.state.newscaster
    access = WriteAccess(
        sign_in_needed=writes_need_credentials(state.security, state.tokens, request.scope),
        signed_in=state.sessions.read(request.cookies.get(SESSION_COOKIE)),
    )
    request.state.newscaster_access = access
    return access


def page_context(request: Request) -> dict[str, Any]:
    """What every template gets: the reader's write access, the page's own path and query within the
    app (where signing in returns to), and the sub-path every link starts with."""
    query = request.url.query
    here = app_path(request.scope) + (f"?{query}" if query else "")
    return {"access": write_access(request), "here": here, "root": root_of(request.scope)}


def may_administer(request: Request) -> bool:
    """Whether this request may see what only the newsroom sees (listening analytics, withdrawn articles, the
    library's Unpublish and Delete buttons): a valid API token in ``Authorization: Bearer``, a signed-in
    browser, or a server that needs no credentials from it."""
    scheme, _, credential = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and credential.strip():
        state: AppState = request.app.state.newscaster
        return state.tokens.verify(credential) is not None
    return write_access(request).can_write
