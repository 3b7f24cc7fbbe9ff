-- PostgreSQL's version of 0005: the same columns and indexes; only the JSON edit is written its way.
ALTER TABLE jobs ADD COLUMN client TEXT;             -- "token:<id>" or "ip:<address>"; NULL for local tools
CREATE INDEX jobs_by_client ON jobs (client, state);
CREATE INDEX jobs_by_finish ON jobs (state, updated_at);
ALTER TABLE narrations ADD COLUMN created_by TEXT;   -- the client whose job made it
ALTER TABLE narrations ADD COLUMN size_bytes BIGINT NOT NULL DEFAULT 0;  -- audio + transcript + timings
CREATE INDEX narrations_by_creator ON narrations (created_by);
-- A finished job no longer needs the page or text it was given (the article is stored, or it failed).
UPDATE jobs SET request = (request::jsonb || '{"html": null, "text": null}')::text
WHERE state IN ('done', 'failed');
