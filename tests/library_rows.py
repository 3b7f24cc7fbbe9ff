"""Libraries of generated articles, inserted in bulk (no extraction, no synthesis), for paging tests."""

from __future__ import annotations

from newscaster.store.sql import SqlDatabase

NARRATED_EVERY = 10
"""Every tenth generated article has a narration (in GENERATED_VOICE) of its current text."""
GENERATED_VOICE = "espeak:en-us"
FERRY_EVERY = 100
"""Every hundredth generated article's title is about ferries (what searches find)."""


def insert_articles(database: SqlDatabase, count: int) -> None:
    """``count`` articles, numbered 1… in the order written (``gen-N``, ``https://example.com/news/N``),
    in one statement each for articles and narrations: the same SQL on SQLite and PostgreSQL."""
    numbers = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)"
    with database.transaction() as connection:
        connection.execute(
            f"""INSERT INTO articles (id, content_key, content_hash, url, title, language, key_points,
                    paragraphs, word_count, reading_minutes, created_at, updated_at)
                {numbers}
                SELECT 'gen-' || i, 'https://example.com/news/' || i, 'hash-' || i,
                       'https://example.com/news/' || i,
                       'Story ' || i || CASE WHEN i % ? = 0 THEN ' about the ferry' ELSE ' of the port' END,
                       'en', '[]', '["Text."]', 1, 1, '2024-01-01T00:00:00+00:00', '2024-01-01T00:00:00+00:00'
                FROM n ORDER BY i""",
            (count, FERRY_EVERY),
        )
        connection.execute(
            f"""INSERT INTO narrations (id, article_id, content_hash, voice_id, speed, audio_format,
                    audio_path, vtt_path, json_path, duration_ms, measured_wpm, created_at)
                {numbers}
                SELECT 'n-' || i, 'gen-' || i, 'hash-' || i, ?, 1.0, 'mp3', '/nowhere/' || i || '.mp3',
                       '/nowhere/' || i || '.vtt', '/nowhere/' || i || '.json', 1000, 160.0,
                       '2024-01-01T00:00:00+00:00'
                FROM n WHERE i % ? = 0 ORDER BY i""",
            (count, GENERATED_VOICE, NARRATED_EVERY),
        )
    database.connection().execute("ANALYZE")  # statistics for the planner, as a live database has
