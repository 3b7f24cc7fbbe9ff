"""The word before a writer's name ("By", "Von", "作者："): one list, for extraction and the narrator.

Extraction strips it from a byline ("By Jane Doe" → "Jane Doe"); the narrator puts it back in the article's
language (``BYLINE_WORDS``) unless the byline still starts with one, as a byline written "Autor: …" may.
"""

from __future__ import annotations

import re

BYLINE_WORDS = {
    "en": "By ", "de": "Von ", "fr": "Par ", "it": "Di ", "es": "Por ", "pt": "Por ", "ca": "Per ",
    "nl": "Door ", "sv": "Av ", "nb": "Av ", "no": "Av ", "nn": "Av ", "da": "Af ", "pl": "Autor: ",
    "cs": "Autor: ", "ru": "Автор: ", "uk": "Автор: ", "zh": "作者：", "yue": "作者：",
}  # fmt: skip
"""What a narrator says before the writer's name, by primary language subtag. In other languages the name
is read alone: an English "By" in a German or Japanese narration would be the one foreign word in it."""

_STRIPPED_WORDS = (
    r"(?:(?:written|words|story|text|posted|published|reported)\s+)?by",
    r"(?:eingestellt|veröffentlicht|geschrieben|verfasst)\s+von", r"(?:publié|écrit|rédigé)\s+par",
    r"(?:publicado|escrito)\s+por", r"(?:pubblicato|scritto)\s+da", r"(?:geplaatst|geschreven)\s+door",
    "von", "par", "por", "di", "door", "przez", "av", "af", "author", "autor", "autorin", "auteur", "autore",
    "автор", "作者",
)  # fmt: skip
"""The words extraction strips, with blog software's "Posted by" in other languages ("Eingestellt von",
"Publié par"). Not "per": it is also a first name ("Per Olsson"), and a name is never cut."""

BY_PREFIX = re.compile(rf"^\s*(?:{'|'.join(_STRIPPED_WORDS)})(?:\s*[:：]\s*|\s+)", re.IGNORECASE)
"""The word before the names with what separates it from them: a colon (fullwidth after Chinese "作者") or a
space. A word glued to the next ("Bypass") is no prefix."""

_SPOKEN_WORDS = sorted({word.strip(" :：").casefold() for word in BYLINE_WORDS.values()})
_SAYS_WHO = re.compile(rf"^\s*(?:{'|'.join([*_STRIPPED_WORDS, *_SPOKEN_WORDS])})(?![^\W\d_])", re.IGNORECASE)


def says_who_wrote(byline: str) -> bool:
    """True when the byline already starts with the word a narrator would add ("Autor: Jan Nowak"): adding
    ours would say it twice. Catalan "Per" counts, so "Per Olsson" is read without an added "By"."""
    return _SAYS_WHO.match(byline) is not None
