-- Articles as extracted, narrations of them (one per voice, speed and content version), and jobs.
-- PostgreSQL: REAL is single precision there (1.1 would read back as 1.100000023841858), and a table has
-- no rowid, so jobs number themselves in the order they are submitted.
CREATE TABLE articles (
    id              TEXT PRIMARY KEY,
    content_key     TEXT NOT NULL UNIQUE,   -- canonical URL, else a hash of the text
    content_hash    TEXT NOT NULL,          -- hash of what is narrated; changes when the article is edited
    url             TEXT,
    title           TEXT NOT NULL,
    byline          TEXT,
    published       TEXT,
    language        TEXT NOT NULL,
    site_name       TEXT,
    key_points      TEXT NOT NULL,          -- JSON list of strings
    paragraphs      TEXT NOT NULL,          -- JSON list of strings
    word_count      INTEGER NOT NULL,
    reading_minutes INTEGER NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

CREATE TABLE narrations (
    id            TEXT PRIMARY KEY,
    article_id    TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    content_hash  TEXT NOT NULL,
    voice_id      TEXT NOT NULL,
    speed         DOUBLE PRECISION NOT NULL,
    audio_format  TEXT NOT NULL,
    audio_path    TEXT NOT NULL,
    vtt_path      TEXT NOT NULL,
    json_path     TEXT NOT NULL,
    duration_ms   INTEGER NOT NULL,
    measured_wpm  DOUBLE PRECISION NOT NULL,
    created_at    TEXT NOT NULL,
    UNIQUE (article_id, content_hash, voice_id, speed, audio_format)
);

CREATE TABLE jobs (
    id             TEXT PRIMARY KEY,
    state          TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
    request        TEXT NOT NULL,           -- JSON: what to narrate and how
    article_id     TEXT,
    narration_id   TEXT,
    progress_done  INTEGER NOT NULL DEFAULT 0,
    progress_total INTEGER NOT NULL DEFAULT 0,
    error          TEXT,
    attempts       INTEGER NOT NULL DEFAULT 0,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    seq            BIGINT GENERATED ALWAYS AS IDENTITY  -- the order of submission (SQLite: rowid)
);
CREATE INDEX jobs_by_state ON jobs (state, created_at);
