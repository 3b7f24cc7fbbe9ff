-- "Newest first" must be exact. Timestamps cannot promise it: two narrations made in one clock tick tie,
-- and a clock set back makes a later row look older. So articles and narrations carry ``seq``, the order
-- they were last written in, kept by the database itself: every writer (an insert, a replace, an update
-- that re-stamps the row) gets the next number inside its own write, under SQLite's single write lock.

ALTER TABLE narrations ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
-- Rows made before this migration keep the order their timestamps and rowids gave them.
UPDATE narrations SET seq = (
    SELECT count(*) FROM narrations AS earlier
    WHERE (earlier.created_at, earlier.rowid) <= (narrations.created_at, narrations.rowid)
);
CREATE INDEX narrations_by_seq ON narrations (seq);
CREATE TRIGGER narrations_seq_on_insert AFTER INSERT ON narrations
BEGIN
    UPDATE narrations SET seq = (SELECT max(seq) FROM narrations) + 1 WHERE rowid = new.rowid;
END;
CREATE TRIGGER narrations_seq_on_restamp AFTER UPDATE OF created_at ON narrations
WHEN new.created_at IS NOT old.created_at
BEGIN
    UPDATE narrations SET seq = (SELECT max(seq) FROM narrations) + 1 WHERE rowid = new.rowid;
END;

ALTER TABLE articles ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
UPDATE articles SET seq = (
    SELECT count(*) FROM articles AS earlier
    WHERE (earlier.updated_at, earlier.rowid) <= (articles.updated_at, articles.rowid)
);
CREATE INDEX articles_by_seq ON articles (seq);
CREATE TRIGGER articles_seq_on_insert AFTER INSERT ON articles
BEGIN
    UPDATE articles SET seq = (SELECT max(seq) FROM articles) + 1 WHERE rowid = new.rowid;
END;
-- An article moves up when its text changes (``updated_at`` is re-stamped then), not on every re-fetch.
CREATE TRIGGER articles_seq_on_edit AFTER UPDATE OF updated_at ON articles
WHEN new.updated_at IS NOT old.updated_at
BEGIN
    UPDATE articles SET seq = (SELECT max(seq) FROM articles) + 1 WHERE rowid = new.rowid;
END;
