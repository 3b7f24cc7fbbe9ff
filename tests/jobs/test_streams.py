"""A narration's stream: every listener gets every byte from the start, whenever it joins."""

from __future__ import annotations

import time

from newscaster.jobs.streams import NarrationStream, StreamHub


def test_listeners_read_at_their_own_pace_from_the_start() -> None:
    stream = NarrationStream()
    stream.audio(b"header")
    early = stream.since()
    stream.audio(b"one")
    stream.audio(b"two")
    assert early.audio == b"header" and not early.finished
    assert stream.since(early.audio_position).audio == b"onetwo"
    stream.finish()
    late = stream.since()
    assert late.audio == b"headeronetwo" and late.finished and late.error is None


def test_a_run_after_a_crash_starts_a_fresh_stream_and_old_ones_are_dropped() -> None:
    hub = StreamHub(keep_s=0.05)
    crashed = hub.open("job")
    crashed.audio(b"partial")
    crashed.finish(error="A synthesis process stopped")
    again = hub.open("job")
    assert again is not crashed and hub.get("job") is again and not again.has_audio
    again.finish()
    time.sleep(0.1)
    assert hub.get("job") is None  # the stored file serves from now on
