-- Which of an article's paragraphs are section headings (a JSON list of indexes into ``paragraphs``): the
-- narration's chapters open at them. Numbered 0009: 0006 is taken by a branch in flight.
ALTER TABLE articles ADD COLUMN headings TEXT NOT NULL DEFAULT '[]';
