-- Each body stored once (issue 18): articles.body holds the HTML and blocks, Brotli-compressed by the application
-- (Data/StoredBody); the plain text is derived from the blocks. body_html, body_blocks and body_text stay as legacy
-- columns: dropping them would rewrite the whole table under the write lock (minutes on a large archive). Rows written
-- before this migration keep them until the application's background compaction (Data/BodyCompaction) rewrites them a
-- batch at a time (body set, legacy columns emptied); readers accept both forms meanwhile. ADD COLUMN only edits the
-- schema: this migration takes milliseconds whatever the size of the archive.
ALTER TABLE articles ADD COLUMN body BLOB;

-- The search index reads the text through news_body_text(body, body_text): derived from body when set, the legacy
-- column otherwise. The view and the triggers are as 0006 wrote them but for that, and `body` among the columns whose
-- update re-indexes and re-queues the article.
DROP VIEW search_documents;
CREATE VIEW search_documents AS
SELECT a.id AS id,
       news_normalize(a.title) AS title,
       news_stem(a.title) AS title_stem,
       news_normalize(coalesce(a.subtitle, '') || ' ' || a.excerpt) AS lead,
       news_stem(coalesce(a.subtitle, '') || ' ' || a.excerpt) AS lead_stem,
       news_normalize(news_body_text(a.body, a.body_text)) AS body,
       news_stem(news_body_text(a.body, a.body_text)) AS body_stem,
       news_normalize((SELECT group_concat(t.name, ' ') FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE at.article_id = a.id)) AS tags,
       news_stem((SELECT group_concat(t.name, ' ') FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE at.article_id = a.id)) AS tags_stem
FROM articles a;

DROP TRIGGER trg_articles_update_reindexes;
CREATE TRIGGER trg_articles_update_reindexes AFTER UPDATE OF id, title, subtitle, excerpt, body_text, body ON articles
BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id;
    INSERT INTO search_index (rowid, title, title_stem, lead, lead_stem, body, body_stem, tags, tags_stem)
    SELECT id, title, title_stem, lead, lead_stem, body, body_stem, tags, tags_stem FROM search_documents WHERE id = NEW.id;
END;

DROP TRIGGER trg_articles_text_update_queues_related_words;
CREATE TRIGGER trg_articles_text_update_queues_related_words AFTER UPDATE OF title, body_text, body ON articles
BEGIN
    INSERT OR IGNORE INTO related_words_pending (article_id) VALUES (NEW.id);
END;

-- Rows the compaction has still to rewrite; it stops when there are none.
CREATE INDEX ix_articles_body_pending ON articles (id) WHERE body IS NULL;
