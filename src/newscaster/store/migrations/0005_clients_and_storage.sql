-- Who asked for each job and each narration, so that every client gets a fair share of the queue and the
-- storage an API token's narrations take can be bounded; and how many bytes a narration's files take.
ALTER TABLE jobs ADD COLUMN client TEXT;             -- "token:<id>" or "ip:<address>"; NULL for local tools
CREATE INDEX jobs_by_client ON jobs (client, state);
CREATE INDEX jobs_by_finish ON jobs (state, updated_at);
ALTER TABLE narrations ADD COLUMN created_by TEXT;   -- the client whose job made it
ALTER TABLE narrations ADD COLUMN size_bytes INTEGER NOT NULL DEFAULT 0;  -- audio + transcript + timings
CREATE INDEX narrations_by_creator ON narrations (created_by);
-- A finished job no longer needs the page or text it was given (the article is stored, or it failed).
UPDATE jobs SET request = json_set(request, '$.html', NULL, '$.text', NULL)
WHERE state IN ('done', 'failed');
