-- The sync feed for offline clients: the PostgreSQL side of SQLite's 0011_sync.sql, which explains the table. One row
-- per article that was ever public, with the content_state version of the last write that may have changed what the
-- feed serves for it; rows are never deleted (tombstones), and whether the article is public is read with its content.
--
-- Why "version > V" misses nothing here, where writers run concurrently: every write that records a row here has
-- first moved content_state in its transaction, and that UPDATE holds the row's lock until the transaction ends. So
-- the writer of version N+1 cannot take its version before the writer of N has committed (or rolled back), versions
-- commit in their order, and a reader's snapshot that holds version N holds every version below it: no row with a
-- lower version can become visible after a reader passed it. The feed reads content_state, these rows and the articles
-- in one REPEATABLE READ snapshot.

CREATE TABLE sync_changes (
    article_id bigint PRIMARY KEY,
    version    bigint NOT NULL
);
CREATE INDEX ix_sync_changes_version ON sync_changes (version, article_id);

-- What is public now (an upgraded database): a client starting from nothing gets these.
INSERT INTO sync_changes (article_id, version)
SELECT id, (SELECT version FROM content_state WHERE id = 1) FROM public_article_ids;

-- An article's detail is what its scope (article-{id}, postgres 0005) stands for: every write that moves the scope
-- records the article here at the scope's new version (touch_content_scopes has moved content_state just before).
CREATE FUNCTION content_scopes_sync() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    INSERT INTO sync_changes (article_id, version) VALUES (substr(NEW.scope, 9)::bigint, NEW.version)
    ON CONFLICT (article_id) DO UPDATE SET version = excluded.version;
    RETURN NULL;
END
$$;
CREATE TRIGGER trg_content_scopes_syncs AFTER INSERT OR UPDATE ON content_scopes
FOR EACH ROW WHEN (NEW.scope ~ '^article-[0-9]+$')
EXECUTE FUNCTION content_scopes_sync();

-- A renamed category, tag or author changes the detail of every public article that shows it, which its scope does not
-- record (0005 moves only 'labels' then). content_state is moved first, which takes its row lock: the articles that
-- show the label are then read by a statement that starts after every earlier public write has committed, so an article
-- published in the category a moment before is not missed (the category row itself orders nothing: an article's
-- foreign key takes only a key-share lock on it). Needs no other trigger to have run first.
CREATE FUNCTION shown_label_renamed_sync() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    new_version bigint;
BEGIN
    IF (OLD.slug, OLD.name) IS NOT DISTINCT FROM (NEW.slug, NEW.name) THEN
        RETURN NULL;
    END IF;
    UPDATE content_state SET version = version + 1, changed_at = date_trunc('second', news_now()) WHERE id = 1
    RETURNING version INTO new_version;
    INSERT INTO sync_changes (article_id, version)
    SELECT DISTINCT shown.id, new_version FROM (
        SELECT a.id FROM articles a WHERE TG_TABLE_NAME = 'categories' AND a.category_id = NEW.id
        UNION ALL SELECT at.article_id FROM article_tags at WHERE TG_TABLE_NAME = 'tags' AND at.tag_id = NEW.id
        UNION ALL SELECT a.id FROM articles a WHERE TG_TABLE_NAME = 'authors' AND a.author_id = NEW.id
    ) AS shown
    WHERE shown.id IN (SELECT id FROM public_article_ids)
    ON CONFLICT (article_id) DO UPDATE SET version = excluded.version;
    RETURN NULL;
END
$$;
CREATE TRIGGER trg_categories_rename_syncs AFTER UPDATE OF slug, name ON categories
FOR EACH ROW EXECUTE FUNCTION shown_label_renamed_sync();
CREATE TRIGGER trg_tags_rename_syncs AFTER UPDATE OF slug, name ON tags
FOR EACH ROW EXECUTE FUNCTION shown_label_renamed_sync();
CREATE TRIGGER trg_authors_rename_syncs AFTER UPDATE OF slug, name ON authors
FOR EACH ROW EXECUTE FUNCTION shown_label_renamed_sync();

-- An approved comment changes its article's commentCount. 0005 records the article's scope only when the article is
-- public as its statement saw it, before it waited for content_state's lock: an article published by a transaction that
-- committed during that wait would keep a count no row announces. Here content_state is moved first and the article's
-- visibility read after, as above (SQLite has one writer at a time, so 0011 needs nothing of the kind).
CREATE FUNCTION comments_sync() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    article bigint := CASE WHEN TG_OP = 'DELETE' THEN OLD.article_id ELSE NEW.article_id END;
    new_version bigint;
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = date_trunc('second', news_now()) WHERE id = 1
    RETURNING version INTO new_version;
    INSERT INTO sync_changes (article_id, version)
    SELECT article, new_version WHERE article IN (SELECT id FROM public_article_ids)
    ON CONFLICT (article_id) DO UPDATE SET version = excluded.version;
    RETURN NULL;
END
$$;
CREATE TRIGGER trg_comments_insert_syncs AFTER INSERT ON comments
FOR EACH ROW WHEN (NEW.status = 'approved')
EXECUTE FUNCTION comments_sync();
CREATE TRIGGER trg_comments_update_syncs AFTER UPDATE ON comments
FOR EACH ROW WHEN (OLD.status = 'approved' OR NEW.status = 'approved')
EXECUTE FUNCTION comments_sync();
CREATE TRIGGER trg_comments_delete_syncs AFTER DELETE ON comments
FOR EACH ROW WHEN (OLD.status = 'approved')
EXECUTE FUNCTION comments_sync();
