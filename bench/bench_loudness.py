"""Does every narration come out at the spoken-word target once encoded? Loudness of decoded files.

    python bench/bench_loudness.py [VOICE ...]

Narrates the bundled sample article, the own wire-service fixture and (when ``../shared`` is there) the
seed fixture with each voice (default: every installed English voice of hibari, piper, espeak-ng and
festival), writes MP3 and Opus, decodes them with PyAV and measures BS.1770 integrated loudness with
pyloudnorm — what a podcast app or loudness checker would read. Prints, per narration, the loudness before
encoding and of each decoded file, and its distance from the -16 LUFS target. The encoders'
``loudness_loss_lu`` constants come from this table.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import av
import numpy as np
import pyloudnorm

from newscaster.audio.encode import Tags, encoder_for
from newscaster.audio.loudness import TARGET_LUFS, normalize_loudness
from newscaster.audio.timings import lay_out
from newscaster.config import Settings
from newscaster.pipeline import prepare_article, read_article
from newscaster.store.sentence_cache import FileSentenceCache
from newscaster.synthesize import synthesize
from newscaster.voices.registry import registry_for

ROOT = Path(__file__).resolve().parents[1]
PAGES = [
    ROOT / "src/newscaster/data/sample-article.html",
    ROOT / "tests/fixtures/extraction/wire-service.html",
    ROOT.parent / "shared/fixtures/seed-article.html",
]
VOICES = ["hibari:heart", "piper:joe", "espeak:en-us", "festival:cmu_us_slt_arctic_hts"]


def decoded_lufs(path: Path) -> float:
    frames, rate = [], 0
    with av.open(str(path)) as container:
        for frame in container.decode(audio=0):
            frames.append(frame.to_ndarray().reshape(-1))
            rate = frame.sample_rate
    return float(pyloudnorm.Meter(rate).integrated_loudness(np.concatenate(frames)))


def main(voice_ids: list[str]) -> None:
    settings = Settings(data_dir=Path(tempfile.mkdtemp(prefix="bench-loudness-")))
    registry = registry_for(settings)
    cache = FileSentenceCache(settings.sentence_cache_dir)
    header = f"{'voice':32} {'article':24} {'in memory':>9} {'mp3':>7} {'opus':>7}"
    print(f"{header}   (target {TARGET_LUFS:g} LUFS)")
    for voice_id in voice_ids:
        voice = registry.get(voice_id)
        for page in (p for p in PAGES if p.is_file()):
            sentences = prepare_article(read_article(str(page), settings), True, settings)
            layout = lay_out(list(synthesize(sentences, voice, 1.0, settings=settings, cache=cache)))
            row = []
            for audio_format in ("mp3", "opus"):
                encoder = encoder_for(audio_format)
                target = TARGET_LUFS + encoder.loudness_loss_lu
                samples = normalize_loudness(layout.samples, layout.sample_rate_hz, target)
                with tempfile.TemporaryDirectory() as folder:
                    path = Path(folder) / f"narration.{encoder.extension}"
                    encoder.write(samples, layout.sample_rate_hz, path, Tags("bench", "bench"))
                    row.append(decoded_lufs(path))
            plain = normalize_loudness(layout.samples, layout.sample_rate_hz)
            in_memory = pyloudnorm.Meter(layout.sample_rate_hz).integrated_loudness(plain)
            print(f"{voice_id:32} {page.stem:24} {in_memory:9.2f} {row[0]:7.2f} {row[1]:7.2f}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:] or VOICES)
