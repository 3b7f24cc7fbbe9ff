from __future__ import annotations

import json

import numpy as np

from newscaster.audio.timings import lay_out, timing_to_dict, to_json, to_webvtt
from newscaster.models import AudioChunk, Part, Sentence, SpeechAudio, WordTiming

RATE_HZ = 24000


def _chunk(index: int, seconds: float, pause_ms: int, text: str = "Hello there.") -> AudioChunk:
    sentence = Sentence(index, Part.BODY, 0, 0, len(text), text, text.lower())
    words = (WordTiming("Hello", 0, 400), WordTiming("there.", 400, int(seconds * 1000)))
    speech = SpeechAudio(np.full(int(seconds * RATE_HZ), 0.1, np.float32), RATE_HZ, words, True)
    return AudioChunk(sentence, speech, pause_ms)


def test_sentences_are_laid_end_to_end_with_pauses_and_no_trailing_pause() -> None:
    layout = lay_out([_chunk(0, 1.0, 300), _chunk(1, 2.0, 700), _chunk(2, 0.5, 999)])
    starts_ends = [(t.start_ms, t.end_ms) for t in layout.timings]
    assert starts_ends == [(0, 1000), (1300, 3300), (4000, 4500)]
    assert layout.duration_ms == 4500  # the last sentence ends where the audio ends
    assert len(layout.samples) == int(4.5 * RATE_HZ)
    assert layout.timings[1].words[1] == WordTiming("there.", 1700, 3300)


def test_chunks_at_another_rate_are_resampled_to_the_first() -> None:
    first = _chunk(0, 1.0, 0)
    other = AudioChunk(first.sentence, SpeechAudio(np.zeros(22050, np.float32), 22050), 0)
    layout = lay_out([first, other])
    assert layout.sample_rate_hz == RATE_HZ
    assert layout.duration_ms == 2000


def test_webvtt_has_a_cue_per_sentence_with_the_written_text() -> None:
    layout = lay_out([_chunk(0, 1.0, 300, "First --> one."), _chunk(1, 61.25, 0, "Second.")])
    vtt = to_webvtt(layout.timings)
    assert vtt.startswith("WEBVTT\n\n")
    assert "00:00:00.000 --> 00:00:01.000\nFirst --&gt; one.\n" in vtt
    assert "00:00:01.300 --> 00:01:02.550\nSecond.\n" in vtt


def test_json_timing_carries_offsets_spoken_text_and_word_kind() -> None:
    layout = lay_out([_chunk(0, 1.0, 0)])
    item = json.loads(to_json({"s": [timing_to_dict(layout.timings[0])]}))["s"][0]
    assert item["spoken"] == "hello there."
    assert (item["start_char"], item["end_char"], item["start_ms"], item["end_ms"]) == (0, 12, 0, 1000)
    assert item["words_timing"] == "exact"
    assert item["words"][0] == {"word": "Hello", "start_ms": 0, "end_ms": 400}


def test_webvtt_cue_text_is_text_not_markup() -> None:
    """Browsers read cue text as markup (``<b>``, ``<c.class>``, ``<v Speaker>``, entities): an article's
    words must show as written, and no line break may end the cue early."""
    written = "Use <b>bold</b> & <c.evil>classes</c>, &amp; --> arrows\n\nand breaks."
    vtt = to_webvtt(lay_out([_chunk(0, 1.0, 0, written)]).timings)
    cue = vtt.split("\n", 4)[4]
    assert cue == (
        "Use &lt;b&gt;bold&lt;/b&gt; &amp; &lt;c.evil&gt;classes&lt;/c&gt;, "
        "&amp;amp; --&gt; arrows and breaks.\n"
    )
