-- Which articles' search_index rows are out of date. PostgreSQL triggers cannot call the application's C# normaliser
-- and stemmer, so, as SQLite's search triggers decide WHEN an article is re-indexed, these decide it here and queue
-- the article; Search/SearchIndexWriter computes the tsvectors and empties the queue. The application's own writes
-- do that in the writing transaction; a write from elsewhere (psql, a restore script) is indexed by the next search.
-- No foreign key: deleting an article cascades to its tags, whose trigger would queue an article that is going away;
-- SearchIndexWriter skips ids that no longer exist (their search_index row went with the article).
CREATE TABLE search_index_pending (
    article_id bigint PRIMARY KEY
);

CREATE FUNCTION queue_search_index() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    IF TG_TABLE_NAME = 'articles' THEN
        INSERT INTO search_index_pending (article_id) VALUES (NEW.id) ON CONFLICT (article_id) DO NOTHING;
    ELSIF TG_TABLE_NAME = 'tags' THEN
        INSERT INTO search_index_pending (article_id)
        SELECT article_id FROM article_tags WHERE tag_id = NEW.id
        ON CONFLICT (article_id) DO NOTHING;
    ELSE
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            INSERT INTO search_index_pending (article_id) VALUES (OLD.article_id) ON CONFLICT (article_id) DO NOTHING;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            INSERT INTO search_index_pending (article_id) VALUES (NEW.article_id) ON CONFLICT (article_id) DO NOTHING;
        END IF;
    END IF;
    RETURN NULL;
END
$$;

-- The searchable text is the title, subtitle, excerpt, body text and tag names; status and publication need no
-- re-indexing (visibility is decided at query time).
CREATE TRIGGER trg_articles_insert_queues_search AFTER INSERT ON articles
FOR EACH ROW EXECUTE FUNCTION queue_search_index();
CREATE TRIGGER trg_articles_update_queues_search AFTER UPDATE OF title, subtitle, excerpt, body_text ON articles
FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.subtitle IS DISTINCT FROM NEW.subtitle
                   OR OLD.excerpt IS DISTINCT FROM NEW.excerpt OR OLD.body_text IS DISTINCT FROM NEW.body_text)
EXECUTE FUNCTION queue_search_index();
CREATE TRIGGER trg_article_tags_queues_search AFTER INSERT OR UPDATE OR DELETE ON article_tags
FOR EACH ROW EXECUTE FUNCTION queue_search_index();
-- Article writes upsert their tags by slug (a no-op UPDATE): only a real rename.
CREATE TRIGGER trg_tags_rename_queues_search AFTER UPDATE OF name ON tags
FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
EXECUTE FUNCTION queue_search_index();

-- Articles that exist before this migration and have no row yet (a database restored without its index).
INSERT INTO search_index_pending (article_id)
SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM search_index);
