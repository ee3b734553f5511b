-- Per-resource freshness (issue 15): the PostgreSQL side of SQLite's 0009_content_scopes.sql, which explains the
-- scopes (article-{id}, comments-{id}, list-all, list-category-{id}, list-tag-{id}, list-author-{id}, taxonomy,
-- labels) and which writes move which. content_state keeps moving with every public write (its NOTIFY, 0004, is the
-- signal instances wait for); each scope records the version and time of the last write that changed it. A scope with
-- no row has not changed since this migration: it has the 'baseline' row's version.

CREATE TABLE content_scopes (
    scope      text        PRIMARY KEY,
    version    bigint      NOT NULL,
    changed_at timestamptz NOT NULL
);
CREATE INDEX ix_content_scopes_version ON content_scopes (version);
INSERT INTO content_scopes (scope, version, changed_at) SELECT 'baseline', version, changed_at FROM content_state WHERE id = 1;

-- Moves content_state on and records the scopes at its new version, in that order, so a scope never gets a version an
-- earlier write already gave it. NULL entries (an article without author) are skipped.
CREATE FUNCTION touch_content_scopes(scopes text[]) RETURNS void
LANGUAGE plpgsql
AS $$
DECLARE
    new_version bigint;
    new_changed_at timestamptz;
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = date_trunc('second', news_now()) WHERE id = 1
    RETURNING version, changed_at INTO new_version, new_changed_at;
    INSERT INTO content_scopes (scope, version, changed_at)
    SELECT DISTINCT s, new_version, new_changed_at FROM unnest(scopes) AS s WHERE s IS NOT NULL
    ON CONFLICT (scope) DO UPDATE SET version = excluded.version, changed_at = excluded.changed_at;
END
$$;

-- Every list an article is in: all articles, its category's, its author's, each of its tags'.
CREATE FUNCTION article_list_scopes(article bigint, category bigint, author bigint) RETURNS text[]
LANGUAGE sql STABLE
AS $$
    SELECT ARRAY['list-all', 'list-category-' || category, 'list-author-' || author]
        || ARRAY(SELECT 'list-tag-' || tag_id FROM article_tags WHERE article_id = article)
$$;

DROP TRIGGER trg_articles_insert_bumps_content ON articles;
DROP TRIGGER trg_articles_update_bumps_content ON articles;
DROP TRIGGER trg_articles_delete_bumps_content ON articles;
DROP TRIGGER trg_article_tags_bumps_content ON article_tags;
DROP TRIGGER trg_related_links_bumps_content ON related_links;
DROP TRIGGER trg_article_slug_aliases_bumps_content ON article_slug_aliases;
DROP TRIGGER trg_categories_update_bumps_content ON categories;
DROP TRIGGER trg_tags_update_bumps_content ON tags;
DROP TRIGGER trg_authors_update_bumps_content ON authors;
DROP TRIGGER trg_comments_insert_bumps_content ON comments;
DROP TRIGGER trg_comments_update_bumps_content ON comments;
DROP TRIGGER trg_comments_delete_bumps_content ON comments;
DROP FUNCTION bump_content_state();
DROP FUNCTION bump_content_state_for_article_rows();
DROP FUNCTION bump_content_state_for_shown_taxonomy();

-- Articles, while public before or after the write: the article and every list it is in, before and after. The
-- directory (taxonomy) moves when what is public, where, or under which slug changes. A scheduled article whose time
-- has come is public already; the application then turns its status into 'published' (ContentWriter.PublishDue), and
-- that status change moves the lists and the directory for it.
CREATE FUNCTION articles_touch_scopes() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM touch_content_scopes(ARRAY['article-' || NEW.id, 'taxonomy'] || article_list_scopes(NEW.id, NEW.category_id, NEW.author_id));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM touch_content_scopes(
            ARRAY['article-' || NEW.id, 'list-category-' || OLD.category_id, 'list-author-' || OLD.author_id]
            || article_list_scopes(NEW.id, NEW.category_id, NEW.author_id)
            || CASE WHEN (OLD.status, OLD.published_at, OLD.slug, OLD.category_id, OLD.author_id)
                         IS DISTINCT FROM (NEW.status, NEW.published_at, NEW.slug, NEW.category_id, NEW.author_id)
                    THEN ARRAY['taxonomy'] ELSE ARRAY[]::text[] END);
    ELSE
        -- BEFORE the delete: its tags are still there (the cascade removes them with the article).
        PERFORM touch_content_scopes(ARRAY['article-' || OLD.id, 'taxonomy'] || article_list_scopes(OLD.id, OLD.category_id, OLD.author_id));
        RETURN OLD;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER trg_articles_insert_bumps_content AFTER INSERT ON articles
FOR EACH ROW WHEN (NEW.status IN ('published', 'scheduled') AND NEW.published_at <= news_now())
EXECUTE FUNCTION articles_touch_scopes();
CREATE TRIGGER trg_articles_update_bumps_content AFTER UPDATE ON articles
FOR EACH ROW WHEN ((OLD.status IN ('published', 'scheduled') AND OLD.published_at <= news_now())
                OR (NEW.status IN ('published', 'scheduled') AND NEW.published_at <= news_now()))
EXECUTE FUNCTION articles_touch_scopes();
CREATE TRIGGER trg_articles_delete_bumps_content BEFORE DELETE ON articles
FOR EACH ROW WHEN (OLD.status IN ('published', 'scheduled') AND OLD.published_at <= news_now())
EXECUTE FUNCTION articles_touch_scopes();

-- Tags of a public article: the article, every list it is in, the tag's own list and the tag counts.
CREATE FUNCTION article_tags_touch_scopes() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    scopes text[] := ARRAY['taxonomy'];
    touched boolean := false;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.article_id IN (SELECT id FROM public_article_ids) THEN
        scopes := scopes || ('article-' || OLD.article_id) || ('list-tag-' || OLD.tag_id)
            || (SELECT article_list_scopes(a.id, a.category_id, a.author_id) FROM articles a WHERE a.id = OLD.article_id);
        touched := true;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.article_id IN (SELECT id FROM public_article_ids) THEN
        scopes := scopes || ('article-' || NEW.article_id) || ('list-tag-' || NEW.tag_id)
            || (SELECT article_list_scopes(a.id, a.category_id, a.author_id) FROM articles a WHERE a.id = NEW.article_id);
        touched := true;
    END IF;
    IF touched THEN
        PERFORM touch_content_scopes(scopes);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER trg_article_tags_bumps_content AFTER INSERT OR UPDATE OR DELETE ON article_tags
FOR EACH ROW EXECUTE FUNCTION article_tags_touch_scopes();

-- Curated related links are shown only in the article's own related items; former slugs change where the article
-- answers (the directory).
CREATE FUNCTION article_rows_touch_scopes() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    scopes text[] := CASE WHEN TG_TABLE_NAME = 'article_slug_aliases' THEN ARRAY['taxonomy'] ELSE ARRAY[]::text[] END;
    touched boolean := false;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.article_id IN (SELECT id FROM public_article_ids) THEN
        scopes := scopes || ('article-' || OLD.article_id);
        touched := true;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.article_id IN (SELECT id FROM public_article_ids) THEN
        scopes := scopes || ('article-' || NEW.article_id);
        touched := true;
    END IF;
    IF touched THEN
        PERFORM touch_content_scopes(scopes);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER trg_related_links_bumps_content AFTER INSERT OR UPDATE OR DELETE ON related_links
FOR EACH ROW EXECUTE FUNCTION article_rows_touch_scopes();
CREATE TRIGGER trg_article_slug_aliases_bumps_content AFTER INSERT OR UPDATE OR DELETE ON article_slug_aliases
FOR EACH ROW EXECUTE FUNCTION article_rows_touch_scopes();

-- A shown category, tag or author renamed (or a category moved): its name is in every summary and detail that shows
-- it, and a move changes which categories a parent's list takes in. Rare, so every page showing labels moves.
CREATE FUNCTION shown_taxonomy_touch_scopes() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    IF (TG_TABLE_NAME = 'categories' AND NEW.id IN (SELECT id FROM public_category_ids))
       OR (TG_TABLE_NAME = 'tags'
           AND (OLD.slug IS DISTINCT FROM NEW.slug OR OLD.name IS DISTINCT FROM NEW.name)
           AND EXISTS (SELECT 1 FROM article_tags at WHERE at.tag_id = NEW.id AND at.article_id IN (SELECT id FROM public_article_ids)))
       OR (TG_TABLE_NAME = 'authors'
           AND EXISTS (SELECT 1 FROM articles a WHERE a.author_id = NEW.id AND a.id IN (SELECT id FROM public_article_ids))) THEN
        PERFORM touch_content_scopes(ARRAY['labels', 'taxonomy']);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER trg_categories_update_bumps_content AFTER UPDATE ON categories
FOR EACH ROW EXECUTE FUNCTION shown_taxonomy_touch_scopes();
CREATE TRIGGER trg_tags_update_bumps_content AFTER UPDATE OF slug, name ON tags
FOR EACH ROW EXECUTE FUNCTION shown_taxonomy_touch_scopes();
CREATE TRIGGER trg_authors_update_bumps_content AFTER UPDATE ON authors
FOR EACH ROW EXECUTE FUNCTION shown_taxonomy_touch_scopes();

-- Approved comments of a public article: its comment list, and its comment count, which its detail and every summary
-- of it (so every list it is in) show. Pending and spam submissions move nothing.
CREATE FUNCTION comments_touch_scopes() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    article bigint := CASE WHEN TG_OP = 'DELETE' THEN OLD.article_id ELSE NEW.article_id END;
BEGIN
    IF article IN (SELECT id FROM public_article_ids) THEN
        PERFORM touch_content_scopes(ARRAY['comments-' || article, 'article-' || article]
            || (SELECT article_list_scopes(a.id, a.category_id, a.author_id) FROM articles a WHERE a.id = article));
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER trg_comments_insert_bumps_content AFTER INSERT ON comments
FOR EACH ROW WHEN (NEW.status = 'approved')
EXECUTE FUNCTION comments_touch_scopes();
CREATE TRIGGER trg_comments_update_bumps_content AFTER UPDATE ON comments
FOR EACH ROW WHEN (OLD.status = 'approved' OR NEW.status = 'approved')
EXECUTE FUNCTION comments_touch_scopes();
CREATE TRIGGER trg_comments_delete_bumps_content AFTER DELETE ON comments
FOR EACH ROW WHEN (OLD.status = 'approved')
EXECUTE FUNCTION comments_touch_scopes();
