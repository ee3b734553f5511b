-- Per-resource freshness (issue 15). Until now one counter, content_state, stood for all public content: an approved
-- comment or an edited article moved the validators and output-cache keys of every public page. Public content is now
-- split into scopes, each with the version (a value of content_state.version) and the time of the last write that
-- changed it; a public answer's validators come from the scopes it depends on (Data/ContentScopes.cs names them, and
-- is the C# side of the names written here):
--   article-{id}          the article's detail, its related items, its comment count
--   comments-{id}         the article's approved comments
--   list-all              every list of public articles (and search, feeds, sitemaps)
--   list-category-{id}    lists filtered by that category (a parent's list depends on each of its family's)
--   list-tag-{id}, list-author-{id}
--   taxonomy              the directory: which articles, categories, tags and authors are public under which slugs,
--                         with their counts (/categories, /tags, /authors, slug resolution)
--   labels                names, slugs and the hierarchy of shown categories, tags and authors (shown in every summary)
-- content_state keeps moving with every public write, inside the writing transaction: it is the change signal
-- instances watch (data_version here, NOTIFY on PostgreSQL) before reading the scopes changed since they last looked.
--
-- Each trigger moves content_state first and then records its scopes at the new version, in one body, so a scope never
-- gets a version an earlier write already gave it. A scope with no row has not changed since this migration: it has
-- the 'baseline' row's version.

CREATE TABLE content_scopes (
    scope      TEXT    NOT NULL PRIMARY KEY,
    version    INTEGER NOT NULL,
    changed_at TEXT    NOT NULL
) WITHOUT ROWID;
CREATE INDEX ix_content_scopes_version ON content_scopes (version);
INSERT INTO content_scopes (scope, version, changed_at) SELECT 'baseline', version, changed_at FROM content_state WHERE id = 1;

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
DROP TRIGGER trg_categories_update_bumps_content;
DROP TRIGGER trg_tags_update_bumps_content;
DROP TRIGGER trg_authors_update_bumps_content;
DROP TRIGGER trg_comments_insert_bumps_content;
DROP TRIGGER trg_comments_update_bumps_content;
DROP TRIGGER trg_comments_delete_bumps_content;

-- Articles, while public before or after the write: the article and every list it is in (before and after). The
-- directory moves when what is public, where, or under which slug changes. A scheduled article whose time has come is
-- public already; the application turns its status into 'published' then (ContentWriter.PublishDue), and that status
-- change is what moves the lists and the directory for it.
CREATE TRIGGER trg_articles_insert_bumps_content AFTER INSERT ON articles
WHEN NEW.status IN ('published', 'scheduled') AND NEW.published_at <= news_now()
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
    INSERT INTO content_scopes (scope, version, changed_at)
    SELECT scope, (SELECT version FROM content_state WHERE id = 1), news_now() FROM (
        SELECT 'article-' || NEW.id AS scope
        UNION SELECT 'list-all'
        UNION SELECT 'list-category-' || NEW.category_id
        UNION SELECT 'list-author-' || NEW.author_id
        UNION SELECT 'taxonomy'
    ) WHERE scope IS NOT NULL
    ON CONFLICT (scope) DO UPDATE SET version = excluded.version, changed_at = excluded.changed_at;
END;
CREATE TRIGGER trg_articles_update_bumps_content AFTER UPDATE ON articles
WHEN (OLD.status IN ('published', 'scheduled') AND OLD.published_at <= news_now())
  OR (NEW.status IN ('published', 'scheduled') AND NEW.published_at <= news_now())
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
    INSERT INTO content_scopes (scope, version, changed_at)
    SELECT scope, (SELECT version FROM content_state WHERE id = 1), news_now() FROM (
        SELECT 'article-' || NEW.id AS scope
        UNION SELECT 'list-all'
        UNION SELECT 'list-category-' || OLD.category_id
        UNION SELECT 'list-category-' || NEW.category_id
        UNION SELECT 'list-author-' || OLD.author_id
        UNION SELECT 'list-author-' || NEW.author_id
        UNION SELECT 'list-tag-' || tag_id FROM article_tags WHERE article_id = NEW.id
        UNION SELECT 'taxonomy'
         WHERE OLD.status IS NOT NEW.status OR OLD.published_at IS NOT NEW.published_at OR OLD.slug IS NOT NEW.slug
            OR OLD.category_id IS NOT NEW.category_id OR OLD.author_id IS NOT NEW.author_id
    ) WHERE scope IS NOT NULL
    ON CONFLICT (scope) DO UPDATE SET version = excluded.version, changed_at = excluded.changed_at;
END;
-- BEFORE the delete: its tags are still there (the cascade removes them with the article).
CREATE TRIGGER trg_articles_delete_bumps_content BEFORE DELETE ON articles
WHEN OLD.status IN ('published', 'scheduled') AND OLD.published_at <= news_now()
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
    INSERT INTO content_scopes (scope, version, changed_at)
    SELECT scope, (SELECT version FROM content_state WHERE id = 1), news_now() FROM (
        SELECT 'article-' || OLD.id AS scope
        UNION SELECT 'list-all'
        UNION SELECT 'list-category-' || OLD.category_id
        UNION SELECT 'list-author-' || OLD.author_id
        UNION SELECT 'list-tag-' || tag_id FROM article_tags WHERE article_id = OLD.id
        UNION SELECT 'taxonomy'
    ) WHERE scope IS NOT NULL
    ON CONFLICT (scope) DO UPDATE SET version = excluded.version, changed_at = excluded.changed_at;
END;

-- Tags of a public article: the article, every list it is in, the tag's list and the tag counts.
CREATE TRIGGER trg_article_tags_insert_bumps_content AFTER INSERT ON article_tags
WHEN NEW.article_id IN (SELECT id FROM public_article_ids)
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
    INSERT INTO content_scopes (scope, version, changed_at)
    SELECT scope, (SELECT version FROM content_state WHERE id = 1), news_now() FROM (
        SELECT 'article-' || a.id AS scope FROM articles a WHERE a.id = NEW.article_id
        UNION SELECT 'list-all'
        UNION SELECT 'list-category-' || a.category_id FROM articles a WHERE a.id = NEW.article_id
        UNION SELECT 'list-author-' || a.author_id FROM articles a WHERE a.id = NEW.article_id
        UNION SELECT 'list-tag-' || tag_id FROM article_tags WHERE article_id = NEW.article_id
        UNION SELECT 'taxonomy'
    ) WHERE scope IS NOT NULL
    ON CONFLICT (scope) DO UPDATE SET version = excluded.version, changed_at = excluded.changed_at;
END;
CREATE TRIGGER trg_article_tags_update_bumps_content AFTER UPDATE ON article_tags
WHEN OLD.article_id IN (SELECT id FROM public_article_ids) OR NEW.article_id IN (SELECT id FROM public_article_ids)
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
    INSERT INTO content_scopes (scope, version, changed_at)
    SELECT scope, (SELECT version FROM content_state WHERE id = 1), news_now() FROM (
        SELECT 'article-' || a.id AS scope FROM articles a WHERE a.id IN (OLD.article_id, NEW.article_id)
        UNION SELECT 'list-all'
        UNION SELECT 'list-category-' || a.category_id FROM articles a WHERE a.id IN (OLD.article_id, NEW.article_id)
        UNION SELECT 'list-author-' || a.author_id FROM articles a WHERE a.id IN (OLD.article_id, NEW.article_id)
        UNION SELECT 'list-tag-' || OLD.tag_id
        UNION SELECT 'list-tag-' || tag_id FROM article_tags WHERE article_id IN (OLD.article_id, NEW.article_id)
        UNION SELECT 'taxonomy'
    ) WHERE scope IS NOT NULL
    ON CONFLICT (scope) DO UPDATE SET version = excluded.version, changed_at = excluded.changed_at;
END;
CREATE TRIGGER trg_article_tags_delete_bumps_content AFTER DELETE ON article_tags
WHEN OLD.article_id IN (SELECT id FROM public_article_ids)
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
    INSERT INTO content_scopes (scope, version, changed_at)
    SELECT scope, (SELECT version FROM content_state WHERE id = 1), news_now() FROM (
        SELECT 'article-' || a.id AS scope FROM articles a WHERE a.id = OLD.article_id
        UNION SELECT 'list-all'
        UNION SELECT 'list-category-' || a.category_id FROM articles a WHERE a.id = OLD.article_id
        UNION SELECT 'list-author-' || a.author_id FROM articles a WHERE a.id = OLD.article_id
        UNION SELECT 'list-tag-' || OLD.tag_id
        UNION SELECT 'list-tag-' || tag_id FROM article_tags WHERE article_id = OLD.article_id
        UNION SELECT 'taxonomy'
    ) WHERE scope IS NOT NULL
    ON CONFLICT (scope) DO UPDATE SET version = excluded.version, changed_at = excluded.changed_at;
END;

-- Curated related links are shown only in the article's own related items.
CREATE TRIGGER trg_related_links_insert_bumps_content AFTER INSERT ON related_links
WHEN NEW.article_id IN (SELECT id FROM public_article_ids)
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
    INSERT INTO content_scopes (scope, version, changed_at)
    VALUES ('article-' || NEW.article_id, (SELECT version FROM content_state WHERE id = 1), news_now())
    ON CONFLICT (scope) DO UPDATE SET version = excluded.version, changed_at = excluded.changed_at;
END;
CREATE TRIGGER trg_related_links_update_bumps_content AFTER UPDATE ON related_links
WHEN OLD.article_id IN (SELECT id FROM public_article_ids) OR NEW.article_id IN (SELECT id FROM public_article_ids)
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
    INSERT INTO content_scopes (scope, version, changed_at)
    SELECT 'article-' || id, (SELECT version FROM content_state WHERE id = 1), news_now() FROM articles
     WHERE id IN (OLD.article_id, NEW.article_id)
    ON CONFLICT (scope) DO UPDATE SET version = excluded.version, changed_at = excluded.changed_at;
END;
CREATE TRIGGER trg_related_links_delete_bumps_content AFTER DELETE ON related_links
WHEN OLD.article_id IN (SELECT id FROM public_article_ids)
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
    INSERT INTO content_scopes (scope, version, changed_at)
    VALUES ('article-' || OLD.article_id, (SELECT version FROM content_state WHERE id = 1), news_now())
    ON CONFLICT (scope) DO UPDATE SET version = excluded.version, changed_at = excluded.changed_at;
END;

-- Former slugs of a public article: where the article answers (the directory), and the article itself.
CREATE TRIGGER trg_article_slug_aliases_insert_bumps_content AFTER INSERT ON article_slug_aliases
WHEN NEW.article_id IN (SELECT id FROM public_article_ids)
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
    INSERT INTO content_scopes (scope, version, changed_at)
    SELECT scope, (SELECT version FROM content_state WHERE id = 1), news_now() FROM (
        SELECT 'article-' || NEW.article_id AS scope UNION SELECT 'taxonomy')
     WHERE true
    ON CONFLICT (scope) DO UPDATE SET version = excluded.version, changed_at = excluded.changed_at;
END;
CREATE TRIGGER trg_article_slug_aliases_update_bumps_content AFTER UPDATE ON article_slug_aliases
WHEN OLD.article_id IN (SELECT id FROM public_article_ids) OR NEW.article_id IN (SELECT id FROM public_article_ids)
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
    INSERT INTO content_scopes (scope, version, changed_at)
    SELECT scope, (SELECT version FROM content_state WHERE id = 1), news_now() FROM (
        SELECT 'article-' || OLD.article_id AS scope UNION SELECT 'article-' || NEW.article_id UNION SELECT 'taxonomy')
     WHERE true
    ON CONFLICT (scope) DO UPDATE SET version = excluded.version, changed_at = excluded.changed_at;
END;
CREATE TRIGGER trg_article_slug_aliases_delete_bumps_content AFTER DELETE ON article_slug_aliases
WHEN OLD.article_id IN (SELECT id FROM public_article_ids)
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
    INSERT INTO content_scopes (scope, version, changed_at)
    SELECT scope, (SELECT version FROM content_state WHERE id = 1), news_now() FROM (
        SELECT 'article-' || OLD.article_id AS scope UNION SELECT 'taxonomy')
     WHERE true
    ON CONFLICT (scope) DO UPDATE SET version = excluded.version, changed_at = excluded.changed_at;
END;

-- A shown category, tag or author renamed (or a category moved): its name is in every summary and detail that shows
-- it, and a move changes which categories a parent's list takes in. Rare, so every page showing labels moves.
CREATE TRIGGER trg_categories_update_bumps_content AFTER UPDATE ON categories
WHEN NEW.id IN (SELECT id FROM public_category_ids)
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
    INSERT INTO content_scopes (scope, version, changed_at)
    SELECT scope, (SELECT version FROM content_state WHERE id = 1), news_now() FROM (SELECT 'labels' AS scope UNION SELECT 'taxonomy')
     WHERE true
    ON CONFLICT (scope) DO UPDATE SET version = excluded.version, changed_at = excluded.changed_at;
END;
CREATE TRIGGER trg_tags_update_bumps_content AFTER UPDATE OF slug, name ON tags
WHEN (OLD.slug IS NOT NEW.slug OR OLD.name IS NOT NEW.name)
 AND EXISTS (SELECT 1 FROM article_tags at WHERE at.tag_id = NEW.id AND at.article_id IN (SELECT id FROM public_article_ids))
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
    INSERT INTO content_scopes (scope, version, changed_at)
    SELECT scope, (SELECT version FROM content_state WHERE id = 1), news_now() FROM (SELECT 'labels' AS scope UNION SELECT 'taxonomy')
     WHERE true
    ON CONFLICT (scope) DO UPDATE SET version = excluded.version, changed_at = excluded.changed_at;
END;
CREATE TRIGGER trg_authors_update_bumps_content AFTER UPDATE ON authors
WHEN EXISTS (SELECT 1 FROM articles a WHERE a.author_id = NEW.id AND a.id IN (SELECT id FROM public_article_ids))
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
    INSERT INTO content_scopes (scope, version, changed_at)
    SELECT scope, (SELECT version FROM content_state WHERE id = 1), news_now() FROM (SELECT 'labels' AS scope UNION SELECT 'taxonomy')
     WHERE true
    ON CONFLICT (scope) DO UPDATE SET version = excluded.version, changed_at = excluded.changed_at;
END;

-- Approved comments of a public article: its comment list, and its comment count, which its detail and every summary
-- of it (so every list it is in) show. Pending and spam submissions move nothing.
CREATE TRIGGER trg_comments_insert_bumps_content AFTER INSERT ON comments
WHEN NEW.status = 'approved' AND NEW.article_id IN (SELECT id FROM public_article_ids)
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
    INSERT INTO content_scopes (scope, version, changed_at)
    SELECT scope, (SELECT version FROM content_state WHERE id = 1), news_now() FROM (
        SELECT 'comments-' || NEW.article_id AS scope
        UNION SELECT 'article-' || NEW.article_id
        UNION SELECT 'list-all'
        UNION SELECT 'list-category-' || a.category_id FROM articles a WHERE a.id = NEW.article_id
        UNION SELECT 'list-author-' || a.author_id FROM articles a WHERE a.id = NEW.article_id
        UNION SELECT 'list-tag-' || tag_id FROM article_tags WHERE article_id = NEW.article_id
    ) WHERE scope IS NOT NULL
    ON CONFLICT (scope) DO UPDATE SET version = excluded.version, changed_at = excluded.changed_at;
END;
CREATE TRIGGER trg_comments_update_bumps_content AFTER UPDATE ON comments
WHEN (OLD.status = 'approved' OR NEW.status = 'approved') AND NEW.article_id IN (SELECT id FROM public_article_ids)
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
    INSERT INTO content_scopes (scope, version, changed_at)
    SELECT scope, (SELECT version FROM content_state WHERE id = 1), news_now() FROM (
        SELECT 'comments-' || NEW.article_id AS scope
        UNION SELECT 'article-' || NEW.article_id
        UNION SELECT 'list-all'
        UNION SELECT 'list-category-' || a.category_id FROM articles a WHERE a.id = NEW.article_id
        UNION SELECT 'list-author-' || a.author_id FROM articles a WHERE a.id = NEW.article_id
        UNION SELECT 'list-tag-' || tag_id FROM article_tags WHERE article_id = NEW.article_id
    ) WHERE scope IS NOT NULL
    ON CONFLICT (scope) DO UPDATE SET version = excluded.version, changed_at = excluded.changed_at;
END;
CREATE TRIGGER trg_comments_delete_bumps_content AFTER DELETE ON comments
WHEN OLD.status = 'approved' AND OLD.article_id IN (SELECT id FROM public_article_ids)
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
    INSERT INTO content_scopes (scope, version, changed_at)
    SELECT scope, (SELECT version FROM content_state WHERE id = 1), news_now() FROM (
        SELECT 'comments-' || OLD.article_id AS scope
        UNION SELECT 'article-' || OLD.article_id
        UNION SELECT 'list-all'
        UNION SELECT 'list-category-' || a.category_id FROM articles a WHERE a.id = OLD.article_id
        UNION SELECT 'list-author-' || a.author_id FROM articles a WHERE a.id = OLD.article_id
        UNION SELECT 'list-tag-' || tag_id FROM article_tags WHERE article_id = OLD.article_id
    ) WHERE scope IS NOT NULL
    ON CONFLICT (scope) DO UPDATE SET version = excluded.version, changed_at = excluded.changed_at;
END;
