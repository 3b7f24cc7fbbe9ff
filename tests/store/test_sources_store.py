"""The sources table: one source per URL, what each saw kept per URL (upserted), and nothing left behind
when a source is removed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from newscaster.fetch import Validators
from newscaster.store.database import Database
from newscaster.store.sources import SourceSettings, SourceStore


def test_a_source_is_due_at_once_then_on_its_schedule_and_forgets_what_it_saw_when_removed(
    tmp_path: Path,
) -> None:
    store = SourceStore(Database(tmp_path / "db.sqlite3"))
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
