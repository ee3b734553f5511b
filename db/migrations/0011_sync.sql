-- The sync feed for offline clients (GET /api/v1/sync, Sync/SyncStore.cs). One row per article that was ever public,
-- with the content_state version of the last write that may have changed what the feed serves for it: its public
-- detail, or whether it is public at all. A row is never deleted, so an article that was unpublished or deleted keeps
-- its row (the tombstone the feed answers as a delete); ids are never reused (0006), so a tombstone never comes to
-- mean another article. Whether an article is public is not stored: the feed reads it, with the article's content,
-- in the same snapshot as these rows.
--
-- The versions are content_state's: every write of public content moves it inside its transaction, so a client that
-- has read every row up to version V has seen every change committed up to V (one writer at a time here; on
-- PostgreSQL the row lock on content_state orders writers, see postgres/0007_sync.sql).

CREATE TABLE sync_changes (
    article_id INTEGER NOT NULL PRIMARY KEY,
    version    INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX ix_sync_changes_version ON sync_changes (version, article_id);

-- What is public now (an upgraded database): a client starting from nothing gets these.
INSERT INTO sync_changes (article_id, version)
SELECT id, (SELECT version FROM content_state WHERE id = 1) FROM public_article_ids;

-- An article's detail is what its scope (article-{id}, migration 0009) stands for: every write that moves the scope
-- (the article itself while public before or after, its tags, an approved comment's count, its former slugs, its curated
-- links) records the article here at the scope's new version. Curated links are not in the detail, so they cost an
-- upsert that changes nothing; being told twice is harmless, missing a change is not.
CREATE TRIGGER trg_content_scopes_insert_syncs AFTER INSERT ON content_scopes
WHEN NEW.scope GLOB 'article-[0-9]*'
BEGIN
    INSERT INTO sync_changes (article_id, version) VALUES (CAST(substr(NEW.scope, 9) AS INTEGER), NEW.version)
    ON CONFLICT (article_id) DO UPDATE SET version = excluded.version;
END;
CREATE TRIGGER trg_content_scopes_update_syncs AFTER UPDATE ON content_scopes
WHEN NEW.scope GLOB 'article-[0-9]*'
BEGIN
    INSERT INTO sync_changes (article_id, version) VALUES (CAST(substr(NEW.scope, 9) AS INTEGER), NEW.version)
    ON CONFLICT (article_id) DO UPDATE SET version = excluded.version;
END;

-- A renamed category, tag or author changes the detail of every public article that shows it, which its scope does not
-- record (0009 moves only 'labels' then). Each of these moves content_state itself, so it needs no other trigger to
-- have run first, and records those articles at the new version.
CREATE TRIGGER trg_categories_rename_syncs AFTER UPDATE OF slug, name ON categories
WHEN (OLD.slug IS NOT NEW.slug OR OLD.name IS NOT NEW.name)
 AND EXISTS (SELECT 1 FROM articles a WHERE a.category_id = NEW.id AND a.id IN (SELECT id FROM public_article_ids))
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
    INSERT INTO sync_changes (article_id, version)
    SELECT a.id, (SELECT version FROM content_state WHERE id = 1) FROM articles a
     WHERE a.category_id = NEW.id AND a.id IN (SELECT id FROM public_article_ids)
    ON CONFLICT (article_id) DO UPDATE SET version = excluded.version;
END;
CREATE TRIGGER trg_tags_rename_syncs AFTER UPDATE OF slug, name ON tags
WHEN (OLD.slug IS NOT NEW.slug OR OLD.name IS NOT NEW.name)
 AND EXISTS (SELECT 1 FROM article_tags at WHERE at.tag_id = NEW.id AND at.article_id IN (SELECT id FROM public_article_ids))
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
    INSERT INTO sync_changes (article_id, version)
    SELECT at.article_id, (SELECT version FROM content_state WHERE id = 1) FROM article_tags at
     WHERE at.tag_id = NEW.id AND at.article_id IN (SELECT id FROM public_article_ids)
    ON CONFLICT (article_id) DO UPDATE SET version = excluded.version;
END;
CREATE TRIGGER trg_authors_rename_syncs AFTER UPDATE OF slug, name ON authors
WHEN (OLD.slug IS NOT NEW.slug OR OLD.name IS NOT NEW.name)
 AND EXISTS (SELECT 1 FROM articles a WHERE a.author_id = NEW.id AND a.id IN (SELECT id FROM public_article_ids))
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
    INSERT INTO sync_changes (article_id, version)
    SELECT a.id, (SELECT version FROM content_state WHERE id = 1) FROM articles a
     WHERE a.author_id = NEW.id AND a.id IN (SELECT id FROM public_article_ids)
    ON CONFLICT (article_id) DO UPDATE SET version = excluded.version;
END;
