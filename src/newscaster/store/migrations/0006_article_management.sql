-- Withdrawn articles: an unpublished article keeps its narrations but leaves the podcast feed, the library,
-- the article list and the embed player until it is published again (NULL: published).
ALTER TABLE articles ADD COLUMN unpublished_at TEXT;
-- Looking an article up by the address it was published at (the API's and the embed's ?url=).
CREATE INDEX articles_by_url ON articles (url);
