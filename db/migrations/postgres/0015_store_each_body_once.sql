-- Each body stored once (issue 18), as on SQLite (0017): articles.body holds the HTML and blocks, Brotli-compressed by
-- the application (Data/StoredBody); the plain text is derived from the blocks. TOAST compressed the three legacy
-- columns with pglz already, but still kept three copies, and pglz does about half as well as Brotli on Arabic text.
-- STORAGE EXTERNAL: the value is compressed already, so TOAST stores it out of line without trying pglz on it again.
-- The legacy columns stay (dropping them is instant here, but the code is one on both engines, and rows written
-- before this migration keep them until the application's background compaction (Data/BodyCompaction) rewrites them).
-- ADD COLUMN without a default only edits the catalog.
ALTER TABLE articles ADD COLUMN body bytea;
ALTER TABLE articles ALTER COLUMN body SET STORAGE EXTERNAL;

DROP TRIGGER trg_articles_update_queues_search ON articles;
CREATE TRIGGER trg_articles_update_queues_search AFTER UPDATE OF title, subtitle, excerpt, body_text, body ON articles
FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.subtitle IS DISTINCT FROM NEW.subtitle
                   OR OLD.excerpt IS DISTINCT FROM NEW.excerpt OR OLD.body_text IS DISTINCT FROM NEW.body_text
                   OR OLD.body IS DISTINCT FROM NEW.body)
EXECUTE FUNCTION queue_search_index();

DROP TRIGGER trg_articles_text_update_queues_related_words ON articles;
CREATE TRIGGER trg_articles_text_update_queues_related_words AFTER UPDATE OF title, body_text, body ON articles
FOR EACH ROW EXECUTE FUNCTION queue_related_words();

-- Rows the compaction has still to rewrite; it stops when there are none.
CREATE INDEX ix_articles_body_pending ON articles (id) WHERE body IS NULL;
