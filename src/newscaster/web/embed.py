"""The embeddable player: a compact "Listen to this article" page publishers put in an ``<iframe>``.

``GET /embed/articles/{id}`` (or ``/embed?url=ADDRESS``) shows play/pause, the listening time, a seek slider,
a speed button and a link to the full page, driven by the same ``player.js`` as the article page (without
the transcript). Query: ``voice=`` (a voice id; default: the voice the article was first narrated in),
``theme=light|dark|auto`` and ``voices=1`` (offer a voice menu). Framing is governed by
``NEWSCASTER_FRAME_ANCESTORS`` (see security.py).
"""

from __future__ import annotations

import dataclasses
import math
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from ..addresses import web_address
from ..errors import NewscasterError
from ..store.library import StoredArticle, StoredNarration
from .access import write_access
from .api import LIMITED_READ
from .pages import narration_choice, player_data, templates, voice_groups
from .security import TRUE_VALUES
from .site import root_of
from .state import AppState

router = APIRouter(tags=["embed"], include_in_schema=False)

THEMES = ("auto", "light", "dark")
SPEED_CYCLE = (1.0, 1.25, 1.5, 2.0, 0.75)
"""What the speed button steps through, one press each (pitch-preserving playbackRate)."""
LISTEN_TEMPLATE = "{minutes} min"
"""After "Listen to this article": the listening time at the current speed (player.js fills it in)."""


def listen_minutes(listen_ms: float) -> int:
    """Whole minutes of listening, at least 1 (rounded half up, as ``Math.round`` in player.js)."""
    return max(1, math.floor(listen_ms / 60_000 + 0.5))


def first_narration(narrations: list[StoredNarration]) -> StoredNarration | None:
    """The earliest of ``narrations`` (the playable ones of the article's current text, newest first as
    ``narration_choice`` gives them), at 1x if there is one."""
    oldest_first = list(reversed(narrations))
    at_1x = (n for n in oldest_first if abs(n.speed - 1.0) < 0.001)
    return next(at_1x, oldest_first[0] if oldest_first else None)


def _default_voice(state: AppState, stored: StoredArticle) -> str | None:
    """The voice a "Listen" button narrates with: the best installed one for the article's language."""
    try:
        return state.registry.default_for(stored.article.language).id
    except NewscasterError:
        return None


VoiceQuery = Annotated[str | None, Query(max_length=200)]
ThemeQuery = Annotated[str | None, Query(max_length=10)]
VoicesQuery = Annotated[str | None, Query(max_length=10)]


@router.get("/embed", response_class=HTMLResponse, dependencies=LIMITED_READ)
def embed_player_by_url(
    request: Request,
    url: Annotated[str, Query(max_length=4096)],
    voice: VoiceQuery = None,
    theme: ThemeQuery = None,
    voices: VoicesQuery = None,
) -> HTMLResponse:
    """The embed player of the article published at ``url``: a publisher's template knows its own page's
    address, not our article id."""
    stored = request.app.state.newscaster.library.find_by_url(web_address(url))  # withdrawn: 404 below
    return _embed(request, stored, voice, theme, voices)


@router.get("/embed/articles/{article_id}", response_class=HTMLResponse, dependencies=LIMITED_READ)
def embed_player(
    request: Request,
    article_id: str,
    voice: VoiceQuery = None,
    theme: ThemeQuery = None,
    voices: VoicesQuery = None,
) -> HTMLResponse:
    stored = request.app.state.newscaster.library.get_article(article_id)
    return _embed(request, stored, voice, theme, voices)


def _embed(
    request: Request, stored: StoredArticle | None, voice: str | None, theme: str | None, voices: str | None
) -> HTMLResponse:
    state: AppState = request.app.state.newscaster
    context: dict[str, object] = {"theme": theme if theme in THEMES else "auto"}
    if stored is None or not stored.is_published:  # a withdrawn article leaves publishers' pages too
        return templates.TemplateResponse(request, "embed.html", {**context, "stored": None}, status_code=404)
    choice = narration_choice(state, stored, voice)
    if choice.pending_voice:  # the asked voice has not read it yet: offer that voice, not another one
        choice = dataclasses.replace(choice, current=None)
    elif choice.voice_id is None:
        # Without voice=, the voice the article was first narrated in: a reader pressing "Listen" in an
        # embed of another voice adds a newer narration, which must not change every other embed's voice.
        choice = dataclasses.replace(choice, current=first_narration(choice.narrations))
    current = choice.current
    all_voices = state.registry.voices()
    listen_voice = choice.pending_voice or (current.voice_id if current else _default_voice(state, stored))
    # Readers on a publisher's page carry no API token (and a cross-site frame no session cookie): where
    # writes need one, offer no "Listen" button.
    can_narrate = bool(listen_voice) and write_access(request).can_write
    root = root_of(request.scope)
    player = player_data(stored, choice, all_voices, can_narrate, root)
    ready = {n["voice"] for n in player["narrations"]}
    offered = [v for v in all_voices if can_narrate or v.id in ready]
    voice_menu = (voices or "").strip().lower() in TRUE_VALUES
    names = {v.id: v.display_name for v in all_voices}
    player.update(
        {
            "speed_cycle": list(SPEED_CYCLE),
            "listen_voice": listen_voice,
            "voice_names": {listen_voice: names.get(listen_voice, listen_voice)} if listen_voice else {},
            "can_narrate": can_narrate,
            "pending_voice": choice.pending_voice if can_narrate else None,
        }
    )
    listen_ms = current.duration_ms * current.speed if current else 0
    full_page = f"{root}/articles/{stored.id}" + (
        f"?{urlencode({'voice': current.voice_id})}" if current else ""
    )
    return templates.TemplateResponse(
        request,
        "embed.html",
        {
            **context,
            "stored": stored,
            "article": stored.article,
            "narration": player["narration"],
            "player": player,
            "listen_template": LISTEN_TEMPLATE,
            "listen_label": LISTEN_TEMPLATE.format(minutes=listen_minutes(listen_ms)) if current else "",
            "listen_ms": listen_ms,
            "voice_groups": voice_groups(offered, stored.article.language) if voice_menu else [],
            "selected_voice": listen_voice,
            "can_narrate": can_narrate,
            "full_page": full_page,
        },
    )
