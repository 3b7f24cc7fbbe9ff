from __future__ import annotations

import json
from dataclasses import replace

import numpy as np

from newscaster.audio.timings import lay_out, timing_to_dict, to_json, to_webvtt
from newscaster.models import AudioChunk, Part, Sentence, SpeechAudio, Timing, WordTiming

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


def _timing(words: tuple[WordTiming, ...], exact: bool) -> Timing:
    text = "The ferry sailed on Monday."
    spans = ((0, 3), (4, 9), (10, 16), (17, 19), (20, 27))
    sentence = Sentence(3, Part.KEY_POINT, 2, 0, len(text), text, "the ferry sailed on monday.", False, spans)
    return Timing(sentence, 5000, 7000, words, exact)


def test_no_chunks_is_empty_float32_audio() -> None:
    layout = lay_out([])
    assert layout.samples.dtype == np.float32 and len(layout.samples) == 0
    assert layout.timings == () and layout.duration_ms == 0


def test_positions_are_exact_sample_counts_and_the_audio_stays_float32() -> None:
    """At 1 kHz a sample is a millisecond, so every offset is checked to the sample."""
    sentence = Sentence(0, Part.BODY, 0, 0, 3, "Hi.", "hi.")
    chunks = [
        AudioChunk(sentence, SpeechAudio(np.full(n, 0.5, np.float32), 1000, (WordTiming("hi.", 1, n),)), 7)
        for n in (3, 5)
    ]
    layout = lay_out(chunks)
    assert [(t.start_ms, t.end_ms) for t in layout.timings] == [(0, 3), (10, 15)]
    assert layout.timings[1].words == (WordTiming("hi.", 11, 15),)
    assert layout.samples.dtype == np.float32
    assert layout.samples.tolist() == [0.5] * 3 + [0.0] * 7 + [0.5] * 5


def test_webvtt_is_exactly_cues_separated_by_blank_lines() -> None:
    first, second = _timing((), False), _timing((), False)
    second = Timing(replace(second.sentence, index=4, text="Later."), 3_600_000, 3_661_001)
    assert to_webvtt([first, second]) == (
        "WEBVTT\n\n"
        "s3\n00:00:05.000 --> 00:00:07.000\nThe ferry sailed on Monday.\n\n"
        "s4\n01:00:00.000 --> 01:01:01.001\nLater.\n"
    )


def test_json_timing_gives_each_word_its_written_span() -> None:
    """Engine words map to the spoken words in order; one the engine skipped ("on") is passed over, and
    one that matches nothing nearby gets no character offsets."""
    words = (
        WordTiming("the", 5000, 5100),
        WordTiming("ferry", 5100, 5500),
        WordTiming("sailed", 5500, 6000),
        WordTiming("monday.", 6100, 6900),
        WordTiming("uh", 6900, 7000),
    )
    assert timing_to_dict(_timing(words, exact=False)) == {
        "index": 3,
        "part": "key_point",
        "paragraph_index": 2,
        "start_char": 0,
        "end_char": 27,
        "text": "The ferry sailed on Monday.",
        "spoken": "the ferry sailed on monday.",
        "start_ms": 5000,
        "end_ms": 7000,
        "words_timing": "estimated",
        "words": [
            {"word": "the", "start_ms": 5000, "end_ms": 5100, "start_char": 0, "end_char": 3},
            {"word": "ferry", "start_ms": 5100, "end_ms": 5500, "start_char": 4, "end_char": 9},
            {"word": "sailed", "start_ms": 5500, "end_ms": 6000, "start_char": 10, "end_char": 16},
            {"word": "monday.", "start_ms": 6100, "end_ms": 6900, "start_char": 20, "end_char": 27},
            {"word": "uh", "start_ms": 6900, "end_ms": 7000},
        ],
    }


def test_timings_json_keeps_non_ascii_text_readable() -> None:
    assert to_json({"text": "Café – “quoted”"}) == '{\n  "text": "Café – “quoted”"\n}'
