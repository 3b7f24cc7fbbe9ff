-- Sources: feeds and sitemaps the server polls, and the articles it saw in each, so a restart neither
-- narrates them again nor misses an edit. Standard SQL (TEXT ids, ON CONFLICT upserts) for SQLite and
-- PostgreSQL alike.
CREATE TABLE sources (
    id             TEXT PRIMARY KEY,
    url            TEXT NOT NULL UNIQUE,        -- the feed or sitemap
    kind           TEXT,                        -- 'feed' or 'sitemap', known after the first good poll
    voice_id       TEXT,                        -- per-source defaults for its narrations (NULL: by language)
    speed          REAL,
    intro          TEXT,                        -- spoken before the body (NULL: none)
    outro          TEXT,                        -- spoken after it
    every_s        INTEGER NOT NULL,            -- polling interval
    secret         TEXT NOT NULL,               -- HMAC key of pings; kept as is, as verifying needs it
    created_at     TEXT NOT NULL,
    etag           TEXT,                        -- validators of the last 200 answer, for conditional requests
    last_modified  TEXT,
    last_poll_at   TEXT,
    last_error     TEXT,                        -- NULL after a good poll
    failures       INTEGER NOT NULL DEFAULT 0,  -- consecutive failed polls (sets the backoff)
    next_poll_at   TEXT NOT NULL
);
CREATE INDEX sources_by_next_poll ON sources (next_poll_at);

CREATE TABLE source_articles (
    source_id  TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    url        TEXT NOT NULL,
    version    TEXT NOT NULL,  -- the entry's last modification (lastmod, updated) or a hash of the entry
    job_id     TEXT,           -- the narration job last queued for it
    seen_at    TEXT NOT NULL,
    PRIMARY KEY (source_id, url)
);
