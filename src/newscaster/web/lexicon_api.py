"""``/api/lexicon``: the publisher's pronunciation lexicon (word or phrase → respelling or IPA phonemes).

Entries change the speakable text, which keys the sentence cache, so after a change exactly the
sentences containing the word are synthesized again; stored narrations record the lexicon they were
made with and are re-made on the next request.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from ..text.lexicon import Lexicon, LexiconEntry, bundled_lexicon_path
from .api import ApiError

router = APIRouter(prefix="/api/lexicon", tags=["lexicon"])

_NO_CONTROL_CHARACTERS = r"^[^\t\r\n\x00-\x1f]+$"


class LexiconEntryIn(BaseModel):
    written: str = Field(
        min_length=1, max_length=100, pattern=_NO_CONTROL_CHARACTERS, description="Word or phrase"
    )
    spoken: str = Field(
        min_length=1,
        max_length=200,
        pattern=_NO_CONTROL_CHARACTERS,
        description="A respelling ('Shee'), or IPA phonemes between slashes ('/ɕˈiː/', one phoneme word per "
        "written word, as `espeak-ng -q --ipa` prints them)",
    )
    case_sensitive: bool = Field(False, description="Match only this capitalization (e.g. 'Xi', not 'XI')")


def _entry_json(entry: LexiconEntry, source: str) -> dict[str, Any]:
    return {
        "written": entry.written,
        "spoken": entry.spoken,
        "case_sensitive": entry.case_sensitive,
        "phonemes": entry.phonemes,
        "source": source,
    }


def _user_lexicon(request: Request) -> tuple[Lexicon, Any]:
    path = request.app.state.newscaster.settings.lexicon_path
    return Lexicon.load(path), path


@router.get("")
def list_entries(request: Request) -> list[dict[str, Any]]:
    """The bundled entries, then the publisher's own (which override bundled ones with the same word)."""
    user, _ = _user_lexicon(request)
    bundled = Lexicon.load(bundled_lexicon_path())
    return [_entry_json(e, "bundled") for e in bundled.entries] + [
        _entry_json(e, "user") for e in user.entries
    ]


@router.post("", status_code=201)
def add_entry(body: LexiconEntryIn, request: Request) -> dict[str, Any]:
    user, path = _user_lexicon(request)
    try:
        entry = user.add(body.written.strip(), body.spoken.strip(), body.case_sensitive)
    except ValueError as error:
        raise ApiError(422, str(error)) from None
    user.save(path)
    return _entry_json(entry, "user")


@router.delete("/{written}", status_code=204)
def remove_entry(written: str, request: Request) -> Response:
    user, path = _user_lexicon(request)
    if not user.remove(written):
        raise ApiError(404, f"No lexicon entry for {written!r}")
    user.save(path)
    return Response(status_code=204)
