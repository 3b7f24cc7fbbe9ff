"""Lexicon phonemes reach the voices: every built-in engine says the phonemes, not the written word."""

from __future__ import annotations

import shutil
import subprocess

import numpy as np
import pytest

from newscaster.audio.resample import resample
from newscaster.text.phonemes import phoneme_token
from newscaster.voices.base import engine_text
from newscaster.voices.espeak import to_kirshenbaum
from newscaster.voices.registry import VoiceRegistry

ENGLISH_WORDS = [
    "thought",
    "bottle",
    "father",
    "nation",
    "butter",
    "church",
    "button",
    "little",
    "pleasure",
    "sing",
    "cure",
    "near",
    "square",
    "start",
    "north",
    "nurse",
    "happy",
    "comma",
    "lot",
    "cloth",
    "judge",
    "thing",
    "this",
    "yes",
    "hello",
    "voice",
    "mouth",
    "price",
    "face",
    "goat",
    "strut",
    "foot",
    "goose",
    "kit",
    "dress",
    "trap",
    "bath",
    "palm",
    "fleece",
    "very",
    "carry",
    "story",
    "fire",
    "hour",
    "sorry",
    "Zelensky",
    "Kyiv",
    "Erdogan",
    "Netanyahu",
]
"""Every English vowel and consonant espeak-ng writes, in the words phoneticians use to name them."""


def espeak_ipa(voice: str, text: str) -> str:
    return subprocess.run(
        ["espeak-ng", "-q", "--ipa", "-v", voice, text], capture_output=True, text=True, check=True
    ).stdout.strip()


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="Debian package espeak-ng is not installed")
@pytest.mark.parametrize("voice", ["en-us", "en-gb"])
def test_espeak_reads_back_the_ipa_it_was_given(voice: str) -> None:
    """IPA → espeak mnemonics → the IPA espeak-ng says it spoke: the same, for every English sound."""
    differences = []
    for word in ENGLISH_WORDS:
        ipa = espeak_ipa(voice, word)
        spoken = espeak_ipa(voice, f"[[{to_kirshenbaum(ipa)}]]")
        if spoken != ipa:
            differences.append((word, ipa, to_kirshenbaum(ipa), spoken))
    assert not differences


BANANA = f"Then she ate a {phoneme_token('Zorblat', 'bənˈænə')} and a pear for lunch."
"""A made-up word whose lexicon phonemes say "banana": only the phonemes can make a listener hear it. The
sentence gives the recognizer context: with it, whisper tiny heard "banana" in 8 of 8 renditions of every
built-in voice (piper and espeak-ng vary from run to run); in a shorter one, espeak-ng's only 5 of 8."""


@pytest.mark.slow
@pytest.mark.parametrize("voice_id", ["hibari:heart", "piper:joe", "kokoro:jm_kumo-en", "espeak:en-us"])
def test_engines_say_the_lexicon_phonemes(registry: VoiceRegistry, voice_id: str) -> None:
    pytest.importorskip(
        "faster_whisper", reason="the optional check extra is not installed: pip install 'newscaster[check]'"
    )
    from newscaster.check import SAMPLE_RATE_HZ, whisper_transcriber

    voice = registry.get(voice_id)
    engine = registry.engine(voice.engine)
    transcribe = whisper_transcriber()

    def heard(text: str) -> str:
        speech = engine.synthesize(text, voice, 1.0)
        samples = resample(speech.samples, speech.sample_rate_hz, SAMPLE_RATE_HZ)
        return transcribe(np.asarray(samples, np.float32)).lower()

    assert engine_text(engine, BANANA) == BANANA, "built-in engines take phoneme tokens"
    assert "banana" in heard(BANANA)
    assert "banana" not in heard(BANANA.replace(phoneme_token("Zorblat", "bənˈænə"), "Zorblat"))
    speech = engine.synthesize(BANANA, voice, 1.0)
    assert [w.word for w in speech.words][4] == phoneme_token("Zorblat", "bənˈænə")


def test_engines_without_phoneme_input_get_the_written_word() -> None:
    class PlainEngine:
        name = "plain"

    assert engine_text(PlainEngine(), BANANA) == "Then she ate a Zorblat and a pear for lunch."  # type: ignore[arg-type]


def test_espeak_ipa_is_what_the_command_line_prints(registry: VoiceRegistry) -> None:
    voice = registry.get("espeak:en-gb")
    engine = registry.engine("espeak")
    assert engine.ipa("Hello there, Kyiv.", voice) == " ".join(
        espeak_ipa("en-gb", "Hello there, Kyiv.").split()
    )  # type: ignore[attr-defined]
