"""Documents whose first bytes are printable text are refused by name, not read aloud."""

from __future__ import annotations

import pytest

from newscaster.errors import ExtractionError
from newscaster.formats import refuse_documents
from newscaster.models import Source


@pytest.mark.parametrize(
    ("head", "kind"),
    [("%PDF-1.7\n%âãÏÓ\n1 0 obj", "a PDF document"), ("%!PS-Adobe-3.0", "a PostScript document"),
     ("\ufeff{\\rtf1\\ansi", "an RTF document")],
)  # fmt: skip
def test_a_document_under_a_text_name_is_refused(head: str, kind: str) -> None:
    with pytest.raises(ExtractionError, match=f"^notes.txt is {kind}, not text or HTML"):
        refuse_documents(Source(head + "\n<< /Type /Catalog >>", is_html=False, name="notes.txt"))


def test_text_about_a_pdf_is_text() -> None:
    refuse_documents(Source("The %PDF-1.4 header starts every PDF file.", is_html=False, name="notes.txt"))
