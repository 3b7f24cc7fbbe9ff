"""Running narrations' streams in Redis (jobs run by Celery workers): written by the worker, read by any
server, on a real redis-server."""

from __future__ import annotations

from newscaster.jobs.celery_queue import redis_client_for
from newscaster.jobs.redis_streams import RUN_KEEP_S, RedisStreamHub
from newscaster.jobs.streams import STREAM_KEEP_S
from newscaster.models import Part, Sentence, Timing


def timing(number: int) -> Timing:
    text = f"Sentence {number}."
    sentence = Sentence(number, Part.BODY, 0, 0, len(text), text, text)
    return Timing(sentence=sentence, start_ms=number * 1000, end_ms=number * 1000 + 800)


def test_a_run_written_by_a_worker_is_read_by_another_process_from_the_start(redis_url: str) -> None:
    worker, server = RedisStreamHub(redis_client_for(redis_url)), RedisStreamHub(redis_client_for(redis_url))
    assert server.get("job-1") is None
    run = worker.open("job-1")
    run.article_id = "article-9"
    run.audio(b"ID3-and-the-first-frames")
    run.timing(timing(0))
    listener = server.get("job-1")
    assert listener is not None and server.get("job-1") is listener  # one object per run
    assert listener.article_id == "article-9" and listener.has_audio and not listener.finished
    first = listener.since()
    assert first.audio == b"ID3-and-the-first-frames" and [t["text"] for t in first.timings] == [
        "Sentence 0."
    ]
    run.audio(b"-more")
    run.timing(timing(1))
    later = listener.since(first.audio_position, first.timing_position)
    assert later.audio == b"-more" and [t["start_ms"] for t in later.timings] == [1000]
    assert not later.finished
    client = redis_client_for(redis_url)
    assert 0 < client.ttl("newscaster:stream:job-1:audio") <= RUN_KEEP_S  # a dead worker's run lapses
    run.finish()
    done = listener.since()
    assert done.finished and done.error is None and done.audio == b"ID3-and-the-first-frames-more"
    for part in ("audio", "timings", "state"):
        assert 0 < client.ttl(f"newscaster:stream:job-1:{part}") <= STREAM_KEEP_S

    again = worker.open("job-1")  # the job runs again (its worker died): the stream starts over
    assert server.get("job-1") is not listener
    assert again.since().audio == b"" and not server.get("job-1").finished  # type: ignore[union-attr]


def test_a_failed_run_says_why(redis_url: str) -> None:
    hub = RedisStreamHub(redis_client_for(redis_url))
    hub.open("job-2").finish(error="No article text found")
    state = hub.get("job-2").since()  # type: ignore[union-attr]
    assert state.finished and state.error == "No article text found"


def test_while_redis_is_away_workers_narrate_on_and_servers_still_answer() -> None:
    unreachable = RedisStreamHub(redis_client_for("redis://127.0.0.1:1/0"))
    run = unreachable.open("job-3")
    run.audio(b"frames")
    run.timing(timing(0))
    run.finish()  # nothing raised: the stored file stays the truth
    assert unreachable.get("job-3") is None  # a job document that asks still answers
    assert run.article_id is None and not run.has_audio and not run.finished
    waiting = run.since(3, 1)  # a listener sees nothing new and waits
    assert (waiting.audio, waiting.timings, waiting.audio_position, waiting.finished) == (b"", [], 3, False)
