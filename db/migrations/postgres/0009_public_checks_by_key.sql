-- Public-article checks in trigger functions at archive scale. Migrations 0001, 0005, 0007 and 0008 asked whether an
-- article is public with "x IN (SELECT id FROM public_article_ids)", which PostgreSQL evaluates as a hashed subplan over
-- every public article (3.7 ms at 5,000 articles, growing with the archive, on every tag link, curated link, former
-- slug and approved comment written; the batches of seed --generate slowed to 18 articles a second by 12,000).
-- "EXISTS (... WHERE pub.id = x)" is one primary-key lookup (0.1 ms). The functions are the same otherwise.

CREATE OR REPLACE FUNCTION article_rows_touch_scopes()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    scopes text[] := CASE WHEN TG_TABLE_NAME = 'article_slug_aliases' THEN ARRAY['taxonomy'] ELSE ARRAY[]::text[] END;
    touched boolean := false;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND EXISTS (SELECT 1 FROM public_article_ids pub WHERE pub.id = OLD.article_id) THEN
        scopes := scopes || ('article-' || OLD.article_id);
        touched := true;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND EXISTS (SELECT 1 FROM public_article_ids pub WHERE pub.id = NEW.article_id) THEN
        scopes := scopes || ('article-' || NEW.article_id);
        touched := true;
    END IF;
    IF touched THEN
        PERFORM touch_content_scopes(scopes);
    END IF;
    RETURN NULL;
END
$function$;

CREATE OR REPLACE FUNCTION article_tags_touch_scopes()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    scopes text[] := ARRAY['taxonomy'];
    touched boolean := false;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND EXISTS (SELECT 1 FROM public_article_ids pub WHERE pub.id = OLD.article_id) THEN
        scopes := scopes || ('article-' || OLD.article_id) || ('list-tag-' || OLD.tag_id)
            || (SELECT article_list_scopes(a.id, a.category_id, a.author_id) FROM articles a WHERE a.id = OLD.article_id);
        touched := true;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND EXISTS (SELECT 1 FROM public_article_ids pub WHERE pub.id = NEW.article_id) THEN
        scopes := scopes || ('article-' || NEW.article_id) || ('list-tag-' || NEW.tag_id)
            || (SELECT article_list_scopes(a.id, a.category_id, a.author_id) FROM articles a WHERE a.id = NEW.article_id);
        touched := true;
    END IF;
    IF touched THEN
        PERFORM touch_content_scopes(scopes);
    END IF;
    RETURN NULL;
END
$function$;

CREATE OR REPLACE FUNCTION comments_sync()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    article bigint := CASE WHEN TG_OP = 'DELETE' THEN OLD.article_id ELSE NEW.article_id END;
    new_version bigint;
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = date_trunc('second', news_now()) WHERE id = 1
    RETURNING version INTO new_version;
    INSERT INTO sync_changes (article_id, version)
    SELECT article, new_version WHERE EXISTS (SELECT 1 FROM public_article_ids pub WHERE pub.id = article)
    ON CONFLICT (article_id) DO UPDATE SET version = excluded.version;
    RETURN NULL;
END
$function$;

CREATE OR REPLACE FUNCTION comments_touch_scopes()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    article bigint := CASE WHEN TG_OP = 'DELETE' THEN OLD.article_id ELSE NEW.article_id END;
BEGIN
    IF EXISTS (SELECT 1 FROM public_article_ids pub WHERE pub.id = article) THEN
        PERFORM touch_content_scopes(ARRAY['comments-' || article, 'article-' || article]
            || (SELECT article_list_scopes(a.id, a.category_id, a.author_id) FROM articles a WHERE a.id = article));
    END IF;
    RETURN NULL;
END
$function$;

CREATE OR REPLACE FUNCTION comments_webhooks()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    IF NEW.status = 'approved' AND (TG_OP = 'INSERT' OR OLD.status <> 'approved')
       AND EXISTS (SELECT 1 FROM public_article_ids pub WHERE pub.id = NEW.article_id) THEN
        PERFORM webhook_emit('comment.approved', jsonb_build_object(
            'id', NEW.id, 'articleId', NEW.article_id, 'slug', (SELECT slug FROM articles WHERE id = NEW.article_id)));
    END IF;
    RETURN NULL;
END
$function$;

CREATE OR REPLACE FUNCTION shown_label_renamed_sync()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
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
    WHERE EXISTS (SELECT 1 FROM public_article_ids pub WHERE pub.id = shown.id)
    ON CONFLICT (article_id) DO UPDATE SET version = excluded.version;
    RETURN NULL;
END
$function$;

CREATE OR REPLACE FUNCTION shown_taxonomy_touch_scopes()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    IF (TG_TABLE_NAME = 'categories' AND NEW.id IN (SELECT id FROM public_category_ids))
       OR (TG_TABLE_NAME = 'tags'
           AND (OLD.slug IS DISTINCT FROM NEW.slug OR OLD.name IS DISTINCT FROM NEW.name)
           AND EXISTS (SELECT 1 FROM article_tags at WHERE at.tag_id = NEW.id AND EXISTS (SELECT 1 FROM public_article_ids pub WHERE pub.id = at.article_id)))
       OR (TG_TABLE_NAME = 'authors'
           AND EXISTS (SELECT 1 FROM articles a WHERE a.author_id = NEW.id AND EXISTS (SELECT 1 FROM public_article_ids pub WHERE pub.id = a.id))) THEN
        PERFORM touch_content_scopes(ARRAY['labels', 'taxonomy']);
    END IF;
    RETURN NULL;
END
$function$;
