"""The text stage: an ``Article`` becomes the list of ``Sentence``s to speak, in reading order.

Reading order with the intro: title, key points, "By NAME.", then the body paragraphs (a section heading
is a paragraph of its own, read as a sentence ending in a full stop). Each paragraph is split
into sentences on its original text (so offsets point at what the listener sees); then, per sentence, the
lexicon is applied and the normalizer turns it into speakable words (words the lexicon gives as phonemes
pass through as phoneme tokens, see ``text/phonemes.py``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from newscaster.errors import TextError
from newscaster.language_tags import primary_subtag
from newscaster.models import Article, Part, Sentence
from newscaster.text.alignment import spoken_word_spans
from newscaster.text.byline_words import BYLINE_WORDS, says_who_wrote
from newscaster.text.lexicon import Lexicon
from newscaster.text.normalize import TextNormalizer
from newscaster.text.passages import PassageReader, Reading
from newscaster.text.phonemes import strip_run_marks
from newscaster.text.sentences import CJK_SENTENCE_LANGUAGES, SentenceSpan, split_sentences

_FINAL_PUNCTUATION = re.compile(r"[.!?。！？…][”’」』）)\]】》〉\"']*$")
CJK_FULL_STOP = "。"
"""What a Chinese or Japanese headline without a stop is given: a Latin "." there is a stray for the voice."""
_TRAILING_PAUSE = re.compile(r"[,;:\s]+$")


@dataclass(frozen=True)
class _Item:
    """One paragraph-like unit: the title, a key point, the byline or a body paragraph."""

    part: Part
    index: int
    text: str
    spans: tuple[SentenceSpan, ...]
    spoken_prefix: str = ""
    heading: bool = False


def prepare(
    article: Article,
    *,
    normalizer: TextNormalizer,
    lexicon: Lexicon,
    intro: bool = True,
    passages: PassageReader | None = None,
) -> list[Sentence]:
    """Split, respell and normalize the article; raises ``TextError`` when nothing speakable remains.
    ``passages`` names the sentences written in another language's script, which are made speakable as
    that language and carry it (``Sentence.language``)."""
    sentences: list[Sentence] = []
    own = Reading(article.language, normalizer, lexicon)
    for item in _items(article, intro):
        readings = [_reading(item, span, passages) or own for span in item.spans]
        spoken_forms = [
            _speak(item, span, reading.normalizer, reading.lexicon)
            for span, reading in zip(item.spans, readings, strict=True)
        ]
        kept = [
            (span, spoken, reading)
            for span, spoken, reading in zip(item.spans, spoken_forms, readings, strict=True)
            if spoken
        ]
        for position, (span, spoken, reading) in enumerate(kept):
            last = position == len(kept) - 1
            if last:
                spoken = _end_with_full_stop(spoken, _full_stop(reading.language))
            sentences.append(
                Sentence(
                    index=len(sentences),
                    part=item.part,
                    paragraph_index=item.index,
                    start_char=span.start_char,
                    end_char=span.end_char,
                    text=span.text,
                    spoken=spoken,
                    ends_paragraph=last,
                    spoken_word_spans=_paragraph_spans(span, spoken, item.spoken_prefix),
                    heading=item.heading,
                    language=None if reading is own else reading.language,
                )
            )
    if not sentences:
        raise TextError("The article has no text that can be read aloud.")
    return sentences


def _items(article: Article, intro: bool) -> list[_Item]:
    language = article.language
    items: list[_Item] = []
    if intro:
        if article.title.strip():
            items.append(_Item(Part.TITLE, 0, article.title, tuple(split_sentences(article.title, language))))
        for i, point in enumerate(article.key_points):
            items.append(_Item(Part.KEY_POINT, i, point, tuple(split_sentences(point, language))))
        if article.byline and article.byline.strip():
            items.append(_byline_item(article.byline, BYLINE_WORDS.get(primary_subtag(language), "")))
    headings = set(article.headings)
    for i, paragraph in enumerate(article.paragraphs):
        spans = tuple(split_sentences(paragraph, language))
        items.append(_Item(Part.BODY, i, paragraph, spans, heading=i in headings))
    return items


def _byline_item(byline: str, by: str) -> _Item:
    """The byline is one sentence, never split ("Jr." or initials in names); spoken as "By NAME." (``by``
    in the article's language) unless it says so itself."""
    start = len(byline) - len(byline.lstrip())
    end = len(byline.rstrip())
    prefix = "" if says_who_wrote(byline) else by
    span = SentenceSpan(start, end, byline[start:end])
    return _Item(Part.BYLINE, 0, byline, (span,), spoken_prefix=prefix)


def speakable(written: str, normalizer: TextNormalizer, lexicon: Lexicon) -> str:
    """One sentence as it will be spoken: lexicon first (respellings, phoneme words held aside), then the
    normalizer, then the phoneme words put back as tokens."""
    respelled = lexicon.respell(strip_run_marks(unicodedata.normalize("NFC", written)))
    text = without_unspoken_marks(_LONG_DIGIT_RUN.sub(_one_by_one, respelled.text))
    return respelled.restore(normalizer.normalize(text)).strip()


_PICTOGRAPH = (
    "\u2190-\u21ff\u231a\u231b\u23e9-\u23fa\u25a0-\u25ff\u2600-\u27bf\u27f0-\u27ff\u2900-\u297f"
    "\u2b00-\u2bff\U0001f000-\U0001faff"
)
"""Arrows, geometric shapes, dingbats and emoji (with flags and skin tones): espeak-ng, and every voice that
phonemizes through it, reads them by name ("grinning face", "rightwards arrow", "rotes Herz", "Wiedergabe"
for ▶), which no narrator says. (Letters, digits, currency and units signs such as ° are elsewhere.)"""
_PICTOGRAPHS = re.compile(rf"[{_PICTOGRAPH}](?:[\ufe0f\u200d\u20e3]*[{_PICTOGRAPH}])*[\ufe0f\u200d\u20e3]*")
"""One pictograph, or a sequence of them joined into one emoji (👨‍👩‍👧, 👍🏽, 🇩🇪)."""


_HEADING_MARKS = re.compile(r"^\s*#{1,6}(?=\s)")
"""Markdown's heading marks left in a page's text ("## Die Hotels"): "hash hash", "Nummer Nummer"."""


_CITATION_MARKS = re.compile(r"\[\s*(?:\d{1,3}(?:\s*[–,-]\s*\d{1,3})*|citation needed)\s*\]", re.IGNORECASE)
"""A reference's mark ("finished in 1889.[3]", "330 m tall [12][13]", "[4–6]", Wikipedia's "[citation
needed]"): it points at a note, and read out it is a stray number mid-sentence ("tall, twelve, thirteen")."""


_EDITED_LETTERS = re.compile(r"(?<=\w)\[([^\W\d_]{1,3})\]|\[([^\W\d_]{1,3})\](?=\w)")
"""Letters an editor changed inside a quoted word ("„[D]as Problem", "[W]ow", "spell[s]"): the word is
read whole, not with a pause for each bracket ("W, ow")."""


def without_unspoken_marks(text: str) -> str:
    """``text`` with emoji, arrows and other pictographs, heading marks and citation marks made spaces,
    which every normalizer's last step (``normalize.post_process``) folds away ("Great news 😀!" → "Great
    news!"), and an editor's brackets inside a word taken away."""
    text = _EDITED_LETTERS.sub(lambda match: match.group(1) or match.group(2), text)
    return _CITATION_MARKS.sub(" ", _HEADING_MARKS.sub(" ", _PICTOGRAPHS.sub(" ", text)))


MAX_DIGIT_RUN = 32
"""A longer run of digits is no number anyone says (a hash, a pasted table, an attack): its digits are read
one by one. Whole, it cost the normalizers seconds of CPU per sentence (NeMo ~5 s for 5,000 digits, growing
faster than the length) or an error (Python parses at most 4,300 digits)."""
_LONG_DIGIT_RUN = re.compile(rf"\d(?:[,.]?\d){{{MAX_DIGIT_RUN},}}")
"""Digits, grouped or not ("1,000,000,…"), more than ``MAX_DIGIT_RUN`` of them."""


def _full_stop(language: str) -> str:
    return CJK_FULL_STOP if primary_subtag(language) in CJK_SENTENCE_LANGUAGES else "."


def _reading(item: _Item, span: SentenceSpan, passages: PassageReader | None) -> Reading | None:
    """The reading of a passage in another language; None for the article's own (and for the byline,
    whose "By" is the article's language)."""
    if passages is None or item.spoken_prefix:
        return None
    return passages(span.text)


def _one_by_one(match: re.Match[str]) -> str:
    return " ".join(digit for digit in match.group() if digit.isdigit())


_BARE_ADDRESS = re.compile(r"\W{0,3}(?:https?://|www\.)\S+\W{0,3}", re.IGNORECASE)
"""A line that is only a web address ("www.falco-leipzig.de" under a restaurant, a pasted link): shown, not
spelled out to the listener character by character. An address inside a sentence is read with it."""


_PAGE_INSTRUCTION = re.compile(
    r"\b(click|tap|klicken sie|klickt|klicke|cliquez|haga clic|pinche|clicca)\b[^.!?]{0,40}?\b(here|hier|ici"
    r"|aquí|qui|below|unten|ci-dessous|abajo|sotto|(this|these|diesen|dieses|diese) (\w+ ){0,2}(box|button"
    r"|link|links|image|images|icon|banner|bilder|symbol)|play|through)\b"
    r"|\b(klicken sie|klickt|klicke) weiter\b",
    re.IGNORECASE,
)
"""A sentence telling the reader to click something on the page ("If you are using the app, click here.",
"click on the link below", "cliquez sur l'icône ci-dessous"): shown, not read, since a listener has nothing
to click. A software tutorial's steps ("Klicken Sie auf » Systemsteuerung «") name no place on the page and
are read."""


def _speak(item: _Item, span: SentenceSpan, normalizer: TextNormalizer, lexicon: Lexicon) -> str:
    if _BARE_ADDRESS.fullmatch(span.text.strip()) or _PAGE_INSTRUCTION.search(span.text):
        return ""
    spoken = speakable(item.spoken_prefix + span.text, normalizer, lexicon)
    # A sentence with no letters or digits left ("—", "***", a lone quote mark) is not worth a pause.
    return spoken if any(c.isalnum() for c in spoken) else ""


def _paragraph_spans(span: SentenceSpan, spoken: str, prefix: str) -> tuple[tuple[int, int], ...]:
    """Word spans in paragraph coordinates; words of an added prefix ("By ") point at the first word."""
    local = spoken_word_spans(prefix + span.text, spoken)
    shift = span.start_char - len(prefix)
    return tuple(
        (max(start + shift, span.start_char), max(end + shift, span.start_char)) for start, end in local
    )


def _end_with_full_stop(spoken: str, full_stop: str) -> str:
    """Headlines and key points often lack a final stop; voices cadence a sentence better with one."""
    if _FINAL_PUNCTUATION.search(spoken):
        return spoken
    return _TRAILING_PAUSE.sub("", spoken) + full_stop
