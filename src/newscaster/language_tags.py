"""BCP 47 language tags: checking them, and which spoken language a tag means.

Written Chinese is one script for several spoken languages: an article tagged ``zh``, ``zh-Hans`` or
``zh-Hant`` is read in Mandarin unless it is written Cantonese (``yue``); a voice tagged ``zh-yue`` or
``zh-HK`` speaks Cantonese. ``spoken_language`` folds those tags onto ``cmn`` and ``yue`` so an article and
a voice compare by what is heard. Pure functions, no imports from the rest of newscaster (models use them).
"""

from __future__ import annotations

import re

from newscaster.errors import InputError

_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|\d{3}))?(?:-[A-Za-z\d]{5,8})*$")
_CANTONESE = frozenset({"yue", "zh-yue", "zh-hk", "zh-mo", "zh-hant-hk", "zh-hant-mo"})
_MANDARIN_PRIMARY = frozenset({"zh", "cmn"})
LANGUAGE_NAMES = {
    "ar": "Arabic", "cmn": "Chinese (Mandarin)", "cs": "Czech", "da": "Danish", "de": "German",
    "el": "Greek", "en": "English", "es": "Spanish", "fa": "Persian", "fi": "Finnish", "fr": "French",
    "he": "Hebrew", "hi": "Hindi", "hu": "Hungarian", "id": "Indonesian", "it": "Italian", "ja": "Japanese",
    "ko": "Korean", "nl": "Dutch", "no": "Norwegian", "pl": "Polish", "pt": "Portuguese", "ro": "Romanian",
    "ru": "Russian", "sv": "Swedish", "th": "Thai", "tr": "Turkish", "uk": "Ukrainian", "vi": "Vietnamese",
    "yue": "Chinese (Cantonese)",
}  # fmt: skip
"""Names for the voice menus' groups; a language not listed is shown by its tag."""


def normalize_tag(tag: str) -> str:
    """A well-formed BCP 47 tag in its usual case ("ZH_hant" → "zh-Hant", "pt-br" → "pt-BR"); raises
    ``InputError`` for anything else."""
    cleaned = tag.strip().replace("_", "-")
    if not _TAG.match(cleaned):
        raise InputError(f"{tag!r} is not a language tag; give one like en, fr, de-CH, zh-Hans or yue")
    parts = cleaned.split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif len(part) == 2 or part.isdigit():
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(out)


def primary_subtag(tag: str) -> str:
    """``"pt-BR"`` → ``"pt"``."""
    return (tag or "en").strip().lower().replace("_", "-").split("-")[0]


def spoken_language(tag: str) -> str:
    """The language a tag is heard as: its primary subtag, except Chinese: ``cmn`` (Mandarin) or ``yue``."""
    lowered = (tag or "en").strip().lower().replace("_", "-")
    if lowered in _CANTONESE or lowered.startswith(("yue-", "zh-yue-")):
        return "yue"
    primary = lowered.split("-")[0]
    return "cmn" if primary in _MANDARIN_PRIMARY else primary


def language_name(tag: str, fallback: str | None = None) -> str:
    """A person's name for what a tag is heard as: ``"fr-CA"`` → "French", ``"zh-Hant"`` → "Chinese
    (Mandarin)"; for a language without a listed name, ``fallback`` or else the spoken-language subtag."""
    spoken = spoken_language(tag)
    return LANGUAGE_NAMES.get(spoken, fallback or spoken)


def language_label(tag: str) -> str:
    """For messages: ``"zh-Hant"`` → "Chinese (Mandarin), zh-Hant"; an unlisted language is its tag alone."""
    name = language_name(tag)
    return tag if name == spoken_language(tag) else f"{name}, {tag}"
