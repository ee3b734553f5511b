-- Public validators move only when public content changes (issue 13). 0001 moved content_state on every write of
-- articles, tags, categories…, so creating a draft changed the ETag and Last-Modified of every public page, and told
-- anyone polling one that (and when) editors were at work. Each trigger now asks whether the row it changed is, or
-- was, public: an article while published (or scheduled with its time come, by news_now(), the application's clock
-- that Data/Database registers on every connection, so triggers and ArticleStore.IsPublic agree); its tags, curated
-- links and former slugs while the article is; a category, tag or author while one of those articles shows it.
-- A scheduled article that comes into view needs no write: ContentState ends its cache at that time and
-- Last-Modified follows the newest public publication time.

DROP TRIGGER trg_articles_insert_bumps_content;
DROP TRIGGER trg_articles_update_bumps_content;
DROP TRIGGER trg_articles_delete_bumps_content;
DROP TRIGGER trg_article_tags_insert_bumps_content;
DROP TRIGGER trg_article_tags_update_bumps_content;
DROP TRIGGER trg_article_tags_delete_bumps_content;
DROP TRIGGER trg_related_links_insert_bumps_content;
DROP TRIGGER trg_related_links_update_bumps_content;
DROP TRIGGER trg_related_links_delete_bumps_content;
DROP TRIGGER trg_article_slug_aliases_insert_bumps_content;
DROP TRIGGER trg_article_slug_aliases_update_bumps_content;
DROP TRIGGER trg_article_slug_aliases_delete_bumps_content;
-- A category, tag or author is public only through a public article (the lists hide the others), and one that has
-- articles cannot be deleted: creating or deleting one changes nothing public. Renames are handled below.
DROP TRIGGER trg_categories_insert_bumps_content;
DROP TRIGGER trg_categories_update_bumps_content;
DROP TRIGGER trg_categories_delete_bumps_content;
DROP TRIGGER trg_tags_insert_bumps_content;
DROP TRIGGER trg_tags_update_bumps_content;
DROP TRIGGER trg_tags_delete_bumps_content;
DROP TRIGGER trg_authors_insert_bumps_content;
DROP TRIGGER trg_authors_update_bumps_content;
DROP TRIGGER trg_authors_delete_bumps_content;

-- The ids of public articles: the one definition the triggers share (ArticleStore.IsPublic in SQL-only form).
CREATE VIEW public_article_ids AS
SELECT id FROM articles WHERE status IN ('published', 'scheduled') AND published_at <= news_now();

-- Categories shown publicly: those of public articles and all their ancestors (a parent counts its sub-categories).
CREATE VIEW public_category_ids AS
WITH RECURSIVE shown(id) AS (
    SELECT DISTINCT category_id FROM articles WHERE id IN (SELECT id FROM public_article_ids)
    UNION
    SELECT c.parent_id FROM categories c JOIN shown ON c.id = shown.id WHERE c.parent_id IS NOT NULL
)
SELECT id FROM shown;

CREATE TRIGGER trg_articles_insert_bumps_content AFTER INSERT ON articles
WHEN NEW.status IN ('published', 'scheduled') AND NEW.published_at <= news_now()
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
END;
CREATE TRIGGER trg_articles_update_bumps_content AFTER UPDATE ON articles
WHEN (OLD.status IN ('published', 'scheduled') AND OLD.published_at <= news_now())
  OR (NEW.status IN ('published', 'scheduled') AND NEW.published_at <= news_now())
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
END;
CREATE TRIGGER trg_articles_delete_bumps_content AFTER DELETE ON articles
WHEN OLD.status IN ('published', 'scheduled') AND OLD.published_at <= news_now()
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
END;

-- Deleting an article cascades to these rows after the article is gone: its own trigger has already counted it.
CREATE TRIGGER trg_article_tags_insert_bumps_content AFTER INSERT ON article_tags
WHEN NEW.article_id IN (SELECT id FROM public_article_ids)
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
END;
CREATE TRIGGER trg_article_tags_update_bumps_content AFTER UPDATE ON article_tags
WHEN OLD.article_id IN (SELECT id FROM public_article_ids) OR NEW.article_id IN (SELECT id FROM public_article_ids)
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
END;
CREATE TRIGGER trg_article_tags_delete_bumps_content AFTER DELETE ON article_tags
WHEN OLD.article_id IN (SELECT id FROM public_article_ids)
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
END;
CREATE TRIGGER trg_related_links_insert_bumps_content AFTER INSERT ON related_links
WHEN NEW.article_id IN (SELECT id FROM public_article_ids)
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
END;
CREATE TRIGGER trg_related_links_update_bumps_content AFTER UPDATE ON related_links
WHEN OLD.article_id IN (SELECT id FROM public_article_ids) OR NEW.article_id IN (SELECT id FROM public_article_ids)
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
END;
CREATE TRIGGER trg_related_links_delete_bumps_content AFTER DELETE ON related_links
WHEN OLD.article_id IN (SELECT id FROM public_article_ids)
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
END;
CREATE TRIGGER trg_article_slug_aliases_insert_bumps_content AFTER INSERT ON article_slug_aliases
WHEN NEW.article_id IN (SELECT id FROM public_article_ids)
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
END;
CREATE TRIGGER trg_article_slug_aliases_update_bumps_content AFTER UPDATE ON article_slug_aliases
WHEN OLD.article_id IN (SELECT id FROM public_article_ids) OR NEW.article_id IN (SELECT id FROM public_article_ids)
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
END;
CREATE TRIGGER trg_article_slug_aliases_delete_bumps_content AFTER DELETE ON article_slug_aliases
WHEN OLD.article_id IN (SELECT id FROM public_article_ids)
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
END;

-- Moving a shown category changes its old and new parents' counts; moving a hidden one shows nothing.
CREATE TRIGGER trg_categories_update_bumps_content AFTER UPDATE ON categories
WHEN NEW.id IN (SELECT id FROM public_category_ids)
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
END;
-- Article writes upsert their tags by slug (a no-op UPDATE): only a real rename counts.
CREATE TRIGGER trg_tags_update_bumps_content AFTER UPDATE OF slug, name ON tags
WHEN (OLD.slug IS NOT NEW.slug OR OLD.name IS NOT NEW.name)
 AND EXISTS (SELECT 1 FROM article_tags at WHERE at.tag_id = NEW.id AND at.article_id IN (SELECT id FROM public_article_ids))
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
END;
CREATE TRIGGER trg_authors_update_bumps_content AFTER UPDATE ON authors
WHEN EXISTS (SELECT 1 FROM articles a WHERE a.author_id = NEW.id AND a.id IN (SELECT id FROM public_article_ids))
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
END;

-- Row versions behind the admin ETags of categories, tags and authors, as articles have had since 0001: every admin
-- write of a versioned resource honours If-Match.
ALTER TABLE categories ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE tags ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE authors ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
