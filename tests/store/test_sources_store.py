"""The sources table: one source per URL, what each saw kept per URL (upserted), and nothing left behind
when a source is removed."""

from __future__ import annotations

import datetime as dt

from newscaster.fetch import Validators
from newscaster.store.sources import SourceSettings, SourceStore
from newscaster.store.sql import SqlDatabase


def test_a_source_is_due_at_once_then_on_its_schedule_and_forgets_what_it_saw_when_removed(
    store_database: SqlDatabase,
) -> None:
    store = SourceStore(store_database)
    source = store.add("https://news.example/feed.xml", SourceSettings(every_s=600))
    assert source is not None and len(source.secret) >= 40
    assert store.add("https://news.example/feed.xml", SourceSettings()) is None  # one source per URL
    now = dt.datetime.now(dt.UTC)
    assert [s.id for s in store.due(now)] == [source.id]

    store.polled(
        source.id,
        kind="feed",
        validators=Validators('"e"', None),
        next_poll_at=now + dt.timedelta(minutes=10),
    )
    assert store.due(now) == []
    polled = store.get(source.id)
    assert polled is not None and polled.kind == "feed" and polled.validators == Validators('"e"', None)

    store.saw(source.id, "https://news.example/a", "v1", "job1")
    store.saw(source.id, "https://news.example/a", "v2", None)  # a newer version; the job is kept
    assert store.seen_versions(source.id) == {"https://news.example/a": "v2"}
    row = store.db.connection().execute("SELECT job_id FROM source_articles").fetchone()
    assert row["job_id"] == "job1"

    assert store.remove(source.id) and not store.remove(source.id)
    assert store.db.connection().execute("SELECT count(*) FROM source_articles").fetchone()[0] == 0


def test_a_due_source_is_taken_by_one_poller_only(store_database: SqlDatabase) -> None:
    """Two servers on one database both see the source due; the first to claim it polls it, and it is not
    due again until the claim runs out (a server that died mid-poll)."""
    mine, theirs = SourceStore(store_database), SourceStore(store_database)
    source = mine.add("https://news.example/feed.xml", SourceSettings(every_s=600))
    assert source is not None
    now = dt.datetime.now(dt.UTC)
    (seen_by_me,), (seen_by_them,) = mine.due(now), theirs.due(now)
    until = now + dt.timedelta(minutes=15)
    assert mine.claim(seen_by_me, until)
    assert not theirs.claim(seen_by_them, until)
    assert mine.due(now) == theirs.due(now) == []
    (due_again,) = theirs.due(until)
    assert theirs.claim(due_again, until + dt.timedelta(minutes=15))
