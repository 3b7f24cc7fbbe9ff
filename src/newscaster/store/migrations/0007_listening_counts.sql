-- Listening analytics that track no one: counters per (article, day, voice, speed bucket), nothing else.
-- No cookie, address, user, session or device column, and no timestamp finer than the day: a row cannot be
-- tied to a listener. Standard SQL (INSERT ... ON CONFLICT DO UPDATE works on SQLite and PostgreSQL).
CREATE TABLE listening_counts (
    article_id     TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    listened_on    TEXT NOT NULL,               -- the server's UTC date, YYYY-MM-DD
    voice_id       TEXT NOT NULL,               -- a voice that narrated the article
    speed_percent  INTEGER NOT NULL,            -- listening speed, to the player's 0.25x steps: 50 ... 200
    plays          INTEGER NOT NULL DEFAULT 0,  -- page loads whose player started playing
    reached_25     INTEGER NOT NULL DEFAULT 0,  -- of those, how many reached 25 % of the audio
    reached_50     INTEGER NOT NULL DEFAULT 0,
    reached_75     INTEGER NOT NULL DEFAULT 0,
    reached_100    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (article_id, listened_on, voice_id, speed_percent)
);
CREATE INDEX listening_counts_by_day ON listening_counts (listened_on);
