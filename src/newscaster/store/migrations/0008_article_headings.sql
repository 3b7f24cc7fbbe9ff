-- Which of an article's paragraphs are section headings (a JSON list of indexes into ``paragraphs``): the
-- narration's chapters open at them. Numbered 0008: 0006 and 0007 are taken by branches in flight.
ALTER TABLE articles ADD COLUMN headings TEXT NOT NULL DEFAULT '[]';
