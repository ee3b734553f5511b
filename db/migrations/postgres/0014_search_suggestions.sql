-- Search-as-you-type (GET /api/v1/search/suggest, Search/SuggestionStore.cs): each article's title as prefix keys, as
-- SQLite's migration 0016 explains. PostgreSQL cannot normalise Arabic as search does, so the keys are written by
-- Search/SearchIndexWriter with the article's search index row, whenever the title changes (the triggers of migration
-- 0002 queue it in search_index_pending). COLLATE "C": a prefix is a range of bytes, whatever the database's locale,
-- so phrase >= @Low AND phrase < @High is one B-tree range.
CREATE TABLE suggestion_keys (
    phrase     text COLLATE "C" NOT NULL,
    article_id bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    PRIMARY KEY (phrase, article_id)
);

CREATE INDEX ix_suggestion_keys_article ON suggestion_keys (article_id, phrase);

-- Existing articles get their keys when the queue is next flushed (the next write, or the next search).
INSERT INTO search_index_pending (article_id) SELECT id FROM articles ON CONFLICT (article_id) DO NOTHING;
