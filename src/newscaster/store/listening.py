"""Listening counts: how often each article was played and how far, per day, voice and speed — and nothing
about who listened.

A player reports a *play* once per page load when it starts, and each quartile of the audio (25, 50, 75,
100 %) once per page load when the position passes it; each report adds one to a counter in the row of
(article, UTC day, voice, speed bucket) (migration 0007). There is no column a listener could be told apart
by: no address, cookie, session, user or device id, no time finer than the day.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from .database import Database

QUARTILES_PERCENT = (25, 50, 75, 100)


class ListenEvent(StrEnum):
    """What a player reports; each is one counter column."""

    PLAY = "play"
    REACHED_25 = "reached_25"
    REACHED_50 = "reached_50"
    REACHED_75 = "reached_75"
    REACHED_100 = "reached_100"

    @property
    def column(self) -> str:
        return "plays" if self is ListenEvent.PLAY else self.value


_COUNTERS = "SUM(plays), SUM(reached_25), SUM(reached_50), SUM(reached_75), SUM(reached_100)"


@dataclass(frozen=True)
class Totals:
    """Plays, and of them how many reached each quartile."""

    plays: int = 0
    reached: tuple[int, int, int, int] = (0, 0, 0, 0)
    """Listens that reached 25, 50, 75 and 100 % of the audio."""

    @property
    def average_completion(self) -> float:
        """The mean share of the audio a play got through, in quartile steps (a play that stopped at 60 %
        counts 50 %): 0–1. A quartile counted without its play (reported after midnight, or a play lost
        on the way) never takes it over 1."""
        if self.plays <= 0:
            return 0.0
        reached = sum(min(count, self.plays) for count in self.reached)
        return min(1.0, reached / len(QUARTILES_PERCENT) / self.plays)


@dataclass(frozen=True)
class DayCount:
    day: str
    """YYYY-MM-DD (UTC)."""
    totals: Totals


@dataclass(frozen=True)
class SpeedCount:
    speed: float
    plays: int


@dataclass(frozen=True)
class VoiceCount:
    voice_id: str
    plays: int


@dataclass(frozen=True)
class ArticleCount:
    article_id: str
    title: str
    totals: Totals


@dataclass(frozen=True)
class ListeningFigures:
    """The counts from ``since`` to ``until`` (UTC days, both included), for the site or one article."""

    since: str
    until: str
    totals: Totals
    per_day: list[DayCount]
    """Every day of the range, days without listens included (zeros), oldest first."""
    speeds: list[SpeedCount]
    """Plays per listening speed, slowest first."""
    voices: list[VoiceCount]
    """Plays per voice, most played first."""
    articles: list[ArticleCount]
    """The most played articles, most first."""


def speed_percent(speed: float, steps: tuple[float, ...]) -> int:
    """The bucket of a listening speed: the nearest of the player's ``steps``, in percent."""
    nearest = min(steps, key=lambda step: (abs(step - speed), step))
    return round(nearest * 100)


def _totals(row: sqlite3.Row | tuple[Any, ...]) -> Totals:
    plays, *reached = (int(value or 0) for value in row)
    return Totals(plays, (reached[0], reached[1], reached[2], reached[3]))


class ListeningCounts:
    def __init__(self, database: Database) -> None:
        self.db = database

    def record(
        self, article_id: str, event: ListenEvent, voice_id: str, speed_pct: int, day: dt.date
    ) -> None:
        """Add one to ``event``'s counter in the row of (article, day, voice, speed)."""
        column = ListenEvent(event).column  # one of five fixed names, never text from the request
        self.db.connection().execute(
            f"""INSERT INTO listening_counts (article_id, listened_on, voice_id, speed_percent, {column})
                VALUES (?, ?, ?, ?, 1)
                ON CONFLICT (article_id, listened_on, voice_id, speed_percent)
                DO UPDATE SET {column} = listening_counts.{column} + 1""",
            (article_id, day.isoformat(), voice_id, speed_pct),
        )

    def figures(
        self, since: dt.date, until: dt.date, article_id: str | None = None, top: int = 10
    ) -> ListeningFigures:
        """The site's counts (or one article's) over the days ``since``–``until``; ``top`` articles."""
        where = "c.listened_on >= ? AND c.listened_on <= ?"
        params: list[object] = [since.isoformat(), until.isoformat()]
        if article_id is not None:
            where += " AND c.article_id = ?"
            params.append(article_id)
        sql = self.db.connection()
        counters = _COUNTERS.replace("SUM(", "SUM(c.")
        totals = _totals(
            sql.execute(f"SELECT {counters} FROM listening_counts c WHERE {where}", params).fetchone()
        )
        by_day = {
            row[0]: _totals(tuple(row)[1:])
            for row in sql.execute(
                f"""SELECT c.listened_on, {counters} FROM listening_counts c WHERE {where}
                    GROUP BY c.listened_on""",
                params,
            )
        }
        per_day = []
        day = since
        while day <= until:
            per_day.append(DayCount(day.isoformat(), by_day.get(day.isoformat(), Totals())))
            day += dt.timedelta(days=1)
        speeds = [
            SpeedCount(row[0] / 100, int(row[1]))
            for row in sql.execute(
                f"""SELECT c.speed_percent, SUM(c.plays) FROM listening_counts c WHERE {where}
                    GROUP BY c.speed_percent HAVING SUM(c.plays) > 0 ORDER BY c.speed_percent""",
                params,
            )
        ]
        voices = [
            VoiceCount(row[0], int(row[1]))
            for row in sql.execute(
                f"""SELECT c.voice_id, SUM(c.plays) AS played FROM listening_counts c WHERE {where}
                    GROUP BY c.voice_id HAVING SUM(c.plays) > 0 ORDER BY played DESC, c.voice_id""",
                params,
            )
        ]
        articles = [
            ArticleCount(row[0], row[1], _totals(tuple(row)[2:]))
            for row in sql.execute(
                f"""SELECT c.article_id, a.title, {counters} FROM listening_counts c
                    JOIN articles a ON a.id = c.article_id WHERE {where}
                    GROUP BY c.article_id, a.title ORDER BY SUM(c.plays) DESC, c.article_id LIMIT ?""",
                [*params, top],
            )
        ]
        return ListeningFigures(
            since.isoformat(), until.isoformat(), totals, per_day, speeds, voices, articles
        )
