-- PostgreSQL's version of 0004 (see ../0004_write_order.sql for why ``seq`` exists). A sequence hands
-- out the numbers: each writer takes the next one inside its own statement, without a table lock, so
-- concurrent writers from several servers and workers never share a number.

-- What SQLite gives without asking, made explicit: jobs have no rowid here, so they number themselves in
-- the order they are submitted (the queue claims the oldest first); and REAL is single precision here
-- (7 digits: a measured pace of 163.123456789 would read back as 163.12346), SQLite's is double.
ALTER TABLE jobs ADD COLUMN seq BIGINT GENERATED ALWAYS AS IDENTITY;
ALTER TABLE narrations ALTER COLUMN speed TYPE DOUBLE PRECISION,
    ALTER COLUMN measured_wpm TYPE DOUBLE PRECISION;
CREATE SEQUENCE narrations_seq_numbers;
ALTER TABLE narrations ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;
UPDATE narrations SET seq = ordered.n FROM (
    SELECT id, row_number() OVER (ORDER BY created_at, id) AS n FROM narrations
) AS ordered WHERE narrations.id = ordered.id;
SELECT setval('narrations_seq_numbers', (SELECT count(*) FROM narrations) + 1, false);
CREATE INDEX narrations_by_seq ON narrations (seq);
CREATE FUNCTION narrations_next_seq() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
        NEW.seq := nextval('narrations_seq_numbers');
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER narrations_seq BEFORE INSERT OR UPDATE OF created_at ON narrations
FOR EACH ROW EXECUTE FUNCTION narrations_next_seq();

CREATE SEQUENCE articles_seq_numbers;
ALTER TABLE articles ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;
UPDATE articles SET seq = ordered.n FROM (
    SELECT id, row_number() OVER (ORDER BY updated_at, id) AS n FROM articles
) AS ordered WHERE articles.id = ordered.id;
SELECT setval('articles_seq_numbers', (SELECT count(*) FROM articles) + 1, false);
CREATE INDEX articles_by_seq ON articles (seq);
-- An article moves up when its text changes (``updated_at`` is re-stamped then), not on every re-fetch.
CREATE FUNCTION articles_next_seq() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.updated_at IS DISTINCT FROM OLD.updated_at THEN
        NEW.seq := nextval('articles_seq_numbers');
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER articles_seq BEFORE INSERT OR UPDATE OF updated_at ON articles
FOR EACH ROW EXECUTE FUNCTION articles_next_seq();
