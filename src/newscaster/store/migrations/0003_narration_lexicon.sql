-- The pronunciation lexicon a narration was made with: after a lexicon change, the stored narration no
-- longer says what the lexicon says, so it is made again (reusing every unaffected cached sentence).
ALTER TABLE narrations ADD COLUMN lexicon TEXT NOT NULL DEFAULT '';
