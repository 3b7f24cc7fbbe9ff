"""Documents that are not text, though their first bytes are: "%PDF-1.4 …" passes every binary check
(it is printable ASCII) and would be read aloud, object numbers and all."""

from __future__ import annotations

from .errors import ExtractionError
from .models import Source

DOCUMENT_SIGNATURES = (
    ("%PDF-", "a PDF document"),
    ("%!PS", "a PostScript document"),
    ("{\\rtf", "an RTF document"),
)
"""How these formats begin (their specifications' magic strings), and what to call them."""


def refuse_documents(source: Source) -> None:
    """Raise ``ExtractionError`` when ``source`` is a PDF, PostScript or RTF document under a text name."""
    head = source.content.lstrip("\ufeff \t\r\n")[:16]
    for signature, kind in DOCUMENT_SIGNATURES:
        if head.startswith(signature):
            name = source.name or ("the page" if source.is_html else "the text")
            raise ExtractionError(
                f"{name} is {kind}, not text or HTML: save the article as a web page or plain text first"
            )
