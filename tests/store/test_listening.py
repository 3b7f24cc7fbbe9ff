"""The listening counters: one row per (article, day, voice, speed), figures over a range of days."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newscaster.models import Article
from newscaster.speed import PLAYER_SPEEDS
from newscaster.store.database import Database
from newscaster.store.library import Library
from newscaster.store.listening import ListenEvent, ListeningCounts, Totals, speed_percent

DAY = dt.date(2026, 3, 12)


@pytest.fixture
def stores(tmp_path: Path) -> tuple[Library, ListeningCounts]:
    database = Database(tmp_path / "db.sqlite3")
    return Library(database), ListeningCounts(database)


def article(library: Library, title: str) -> str:
    stored = library.save_article(Article(title=title, paragraphs=(f"{title} happened.",)), 1)
    return stored.id


@pytest.mark.parametrize(
    ("speed", "bucket"), [(1.0, 100), (1.1, 100), (1.13, 125), (1.6, 150), (0.5, 50), (2.0, 200), (0.62, 50)]
)
def test_speeds_are_counted_to_the_players_steps(speed: float, bucket: int) -> None:
    assert speed_percent(speed, PLAYER_SPEEDS) == bucket


def test_average_completion_is_in_quartile_steps_and_never_over_one() -> None:
    assert Totals().average_completion == 0.0
    assert Totals(4, (4, 2, 2, 1)).average_completion == pytest.approx(
        (1 + 0.75 + 0.25 + 0.25) / 4
    )  # furthest: 100, 75, 25, 25 %
    assert Totals(1, (5, 5, 5, 5)).average_completion == 1.0  # quartiles whose plays were lost
    assert Totals(2, (1, 0, 0, 0)).average_completion == 0.125


def test_events_add_to_one_row_and_figures_sum_a_range(stores: tuple[Library, ListeningCounts]) -> None:
    library, counts = stores
    first, second = article(library, "Ferry"), article(library, "Tides")
    for event in (ListenEvent.PLAY, ListenEvent.PLAY, ListenEvent.REACHED_25, ListenEvent.REACHED_100):
        counts.record(first, event, "espeak:en-us", 100, DAY)
    counts.record(first, ListenEvent.PLAY, "espeak:en-gb", 150, DAY - dt.timedelta(days=1))
    counts.record(second, ListenEvent.PLAY, "espeak:en-us", 100, DAY)
    counts.record(second, ListenEvent.REACHED_50, "espeak:en-us", 200, DAY)  # sped up after the play
    counts.record(second, ListenEvent.PLAY, "espeak:en-us", 100, DAY - dt.timedelta(days=30))  # outside
    rows = counts.db.connection().execute("SELECT count(*) FROM listening_counts").fetchone()[0]
    assert rows == 5

    site = counts.figures(DAY - dt.timedelta(days=6), DAY)
    assert site.totals == Totals(4, (1, 1, 0, 1))
    assert [d.day for d in site.per_day][:2] == ["2026-03-06", "2026-03-07"] and len(site.per_day) == 7
    assert [(d.day, d.totals.plays) for d in site.per_day if d.totals.plays] == [
        ("2026-03-11", 1),
        ("2026-03-12", 3),
    ]
    assert [(s.speed, s.plays) for s in site.speeds] == [(1.0, 3), (1.5, 1)]  # 2x had no play: not listed
    assert [(v.voice_id, v.plays) for v in site.voices] == [("espeak:en-us", 3), ("espeak:en-gb", 1)]
    assert [(a.title, a.totals.plays) for a in site.articles] == [("Ferry", 3), ("Tides", 1)]
    assert counts.figures(DAY, DAY, top=1).articles[0].title == "Ferry"

    one = counts.figures(DAY - dt.timedelta(days=6), DAY, article_id=second)
    assert one.totals == Totals(1, (0, 1, 0, 0)) and [a.title for a in one.articles] == ["Tides"]


def test_deleting_an_article_deletes_its_counts(stores: tuple[Library, ListeningCounts]) -> None:
    library, counts = stores
    ferry = article(library, "Ferry")
    counts.record(ferry, ListenEvent.PLAY, "espeak:en-us", 100, DAY)
    connection = counts.db.connection()
    connection.execute("DELETE FROM articles WHERE id = ?", (ferry,))
    assert connection.execute("SELECT count(*) FROM listening_counts").fetchone()[0] == 0
