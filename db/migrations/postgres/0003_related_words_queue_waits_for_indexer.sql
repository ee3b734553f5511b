-- Related words are indexed by the application, which claims queued articles with FOR UPDATE SKIP LOCKED (several
-- instances may index at once). An article edited while the indexer holds its queue row must be queued again once
-- the indexer deletes that row, or the words of the old text would stay: ON CONFLICT DO NOTHING does not wait for a
-- locked row, a (no-op) DO UPDATE does, and inserts anew when the row it waited for is gone.
CREATE OR REPLACE FUNCTION queue_related_words() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    INSERT INTO related_words_pending (article_id) VALUES (NEW.id)
    ON CONFLICT (article_id) DO UPDATE SET article_id = excluded.article_id;
    RETURN NULL;
END
$$;
