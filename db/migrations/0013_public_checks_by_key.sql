-- Public-article checks in triggers at archive scale. Migrations 0008, 0009, 0011 and 0012 asked whether an article is
-- public with "x IN (SELECT id FROM public_article_ids)", which SQLite answers by listing every public article into a
-- temporary index first: about 40 ms at 100,000 articles, inside the write lock, on every approved comment, tag link,
-- curated link and former slug written (an approved comment paid it twice). "EXISTS (... WHERE pub.id = x)" is one
-- primary-key lookup. The triggers are the same otherwise; every trigger of the tables concerned is created again in its
-- original order, so the order they fire in stays as it was.
--
-- Tables: article_slug_aliases, article_tags, authors, categories, comments, related_links, tags.

DROP TRIGGER trg_article_tags_insert_reindexes;
DROP TRIGGER trg_article_tags_update_reindexes;
DROP TRIGGER trg_article_tags_delete_reindexes;
DROP TRIGGER trg_tags_rename_reindexes;
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
DROP TRIGGER trg_categories_rename_syncs;
DROP TRIGGER trg_tags_rename_syncs;
DROP TRIGGER trg_authors_rename_syncs;
DROP TRIGGER trg_comments_insert_webhooks;
DROP TRIGGER trg_comments_approve_webhooks;
DROP TRIGGER trg_categories_insert_webhooks;
DROP TRIGGER trg_categories_update_webhooks;
DROP TRIGGER trg_categories_delete_webhooks;
DROP TRIGGER trg_tags_insert_webhooks;
DROP TRIGGER trg_tags_update_webhooks;
DROP TRIGGER trg_tags_delete_webhooks;
DROP TRIGGER trg_authors_insert_webhooks;
DROP TRIGGER trg_authors_update_webhooks;
DROP TRIGGER trg_authors_delete_webhooks;

CREATE TRIGGER trg_article_tags_insert_reindexes AFTER INSERT ON article_tags
BEGIN
    DELETE FROM search_index WHERE rowid = NEW.article_id;
    INSERT INTO search_index (rowid, title, title_stem, lead, lead_stem, body, body_stem, tags, tags_stem)
    SELECT id, title, title_stem, lead, lead_stem, body, body_stem, tags, tags_stem FROM search_documents WHERE id = NEW.article_id;
END;
CREATE TRIGGER trg_article_tags_update_reindexes AFTER UPDATE ON article_tags
BEGIN
    DELETE FROM search_index WHERE rowid IN (OLD.article_id, NEW.article_id);
    INSERT INTO search_index (rowid, title, title_stem, lead, lead_stem, body, body_stem, tags, tags_stem)
    SELECT id, title, title_stem, lead, lead_stem, body, body_stem, tags, tags_stem FROM search_documents WHERE id IN (OLD.article_id, NEW.article_id);
END;
CREATE TRIGGER trg_article_tags_delete_reindexes AFTER DELETE ON article_tags
BEGIN
    DELETE FROM search_index WHERE rowid = OLD.article_id;
    INSERT INTO search_index (rowid, title, title_stem, lead, lead_stem, body, body_stem, tags, tags_stem)
    SELECT id, title, title_stem, lead, lead_stem, body, body_stem, tags, tags_stem FROM search_documents WHERE id = OLD.article_id;
END;
CREATE TRIGGER trg_tags_rename_reindexes AFTER UPDATE OF name ON tags
BEGIN
    DELETE FROM search_index WHERE rowid IN (SELECT article_id FROM article_tags WHERE tag_id = NEW.id);
    INSERT INTO search_index (rowid, title, title_stem, lead, lead_stem, body, body_stem, tags, tags_stem)
    SELECT id, title, title_stem, lead, lead_stem, body, body_stem, tags, tags_stem
    FROM search_documents WHERE id IN (SELECT article_id FROM article_tags WHERE tag_id = NEW.id);
END;
CREATE TRIGGER trg_article_tags_insert_bumps_content AFTER INSERT ON article_tags
WHEN EXISTS (SELECT 1 FROM public_article_ids pub WHERE pub.id = NEW.article_id)
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
WHEN EXISTS (SELECT 1 FROM public_article_ids pub WHERE pub.id = OLD.article_id) OR EXISTS (SELECT 1 FROM public_article_ids pub WHERE pub.id = NEW.article_id)
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
WHEN EXISTS (SELECT 1 FROM public_article_ids pub WHERE pub.id = OLD.article_id)
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
CREATE TRIGGER trg_related_links_insert_bumps_content AFTER INSERT ON related_links
WHEN EXISTS (SELECT 1 FROM public_article_ids pub WHERE pub.id = NEW.article_id)
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
    INSERT INTO content_scopes (scope, version, changed_at)
    VALUES ('article-' || NEW.article_id, (SELECT version FROM content_state WHERE id = 1), news_now())
    ON CONFLICT (scope) DO UPDATE SET version = excluded.version, changed_at = excluded.changed_at;
END;
CREATE TRIGGER trg_related_links_update_bumps_content AFTER UPDATE ON related_links
WHEN EXISTS (SELECT 1 FROM public_article_ids pub WHERE pub.id = OLD.article_id) OR EXISTS (SELECT 1 FROM public_article_ids pub WHERE pub.id = NEW.article_id)
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
    INSERT INTO content_scopes (scope, version, changed_at)
    SELECT 'article-' || id, (SELECT version FROM content_state WHERE id = 1), news_now() FROM articles
     WHERE id IN (OLD.article_id, NEW.article_id)
    ON CONFLICT (scope) DO UPDATE SET version = excluded.version, changed_at = excluded.changed_at;
END;
CREATE TRIGGER trg_related_links_delete_bumps_content AFTER DELETE ON related_links
WHEN EXISTS (SELECT 1 FROM public_article_ids pub WHERE pub.id = OLD.article_id)
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
    INSERT INTO content_scopes (scope, version, changed_at)
    VALUES ('article-' || OLD.article_id, (SELECT version FROM content_state WHERE id = 1), news_now())
    ON CONFLICT (scope) DO UPDATE SET version = excluded.version, changed_at = excluded.changed_at;
END;
CREATE TRIGGER trg_article_slug_aliases_insert_bumps_content AFTER INSERT ON article_slug_aliases
WHEN EXISTS (SELECT 1 FROM public_article_ids pub WHERE pub.id = NEW.article_id)
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
    INSERT INTO content_scopes (scope, version, changed_at)
    SELECT scope, (SELECT version FROM content_state WHERE id = 1), news_now() FROM (
        SELECT 'article-' || NEW.article_id AS scope UNION SELECT 'taxonomy')
     WHERE true
    ON CONFLICT (scope) DO UPDATE SET version = excluded.version, changed_at = excluded.changed_at;
END;
CREATE TRIGGER trg_article_slug_aliases_update_bumps_content AFTER UPDATE ON article_slug_aliases
WHEN EXISTS (SELECT 1 FROM public_article_ids pub WHERE pub.id = OLD.article_id) OR EXISTS (SELECT 1 FROM public_article_ids pub WHERE pub.id = NEW.article_id)
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
    INSERT INTO content_scopes (scope, version, changed_at)
    SELECT scope, (SELECT version FROM content_state WHERE id = 1), news_now() FROM (
        SELECT 'article-' || OLD.article_id AS scope UNION SELECT 'article-' || NEW.article_id UNION SELECT 'taxonomy')
     WHERE true
    ON CONFLICT (scope) DO UPDATE SET version = excluded.version, changed_at = excluded.changed_at;
END;
CREATE TRIGGER trg_article_slug_aliases_delete_bumps_content AFTER DELETE ON article_slug_aliases
WHEN EXISTS (SELECT 1 FROM public_article_ids pub WHERE pub.id = OLD.article_id)
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
    INSERT INTO content_scopes (scope, version, changed_at)
    SELECT scope, (SELECT version FROM content_state WHERE id = 1), news_now() FROM (
        SELECT 'article-' || OLD.article_id AS scope UNION SELECT 'taxonomy')
     WHERE true
    ON CONFLICT (scope) DO UPDATE SET version = excluded.version, changed_at = excluded.changed_at;
END;
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
 AND EXISTS (SELECT 1 FROM article_tags at WHERE at.tag_id = NEW.id AND EXISTS (SELECT 1 FROM public_article_ids pub WHERE pub.id = at.article_id))
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
    INSERT INTO content_scopes (scope, version, changed_at)
    SELECT scope, (SELECT version FROM content_state WHERE id = 1), news_now() FROM (SELECT 'labels' AS scope UNION SELECT 'taxonomy')
     WHERE true
    ON CONFLICT (scope) DO UPDATE SET version = excluded.version, changed_at = excluded.changed_at;
END;
CREATE TRIGGER trg_authors_update_bumps_content AFTER UPDATE ON authors
WHEN EXISTS (SELECT 1 FROM articles a WHERE a.author_id = NEW.id AND EXISTS (SELECT 1 FROM public_article_ids pub WHERE pub.id = a.id))
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
    INSERT INTO content_scopes (scope, version, changed_at)
    SELECT scope, (SELECT version FROM content_state WHERE id = 1), news_now() FROM (SELECT 'labels' AS scope UNION SELECT 'taxonomy')
     WHERE true
    ON CONFLICT (scope) DO UPDATE SET version = excluded.version, changed_at = excluded.changed_at;
END;
CREATE TRIGGER trg_comments_insert_bumps_content AFTER INSERT ON comments
WHEN NEW.status = 'approved' AND EXISTS (SELECT 1 FROM public_article_ids pub WHERE pub.id = NEW.article_id)
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
WHEN (OLD.status = 'approved' OR NEW.status = 'approved') AND EXISTS (SELECT 1 FROM public_article_ids pub WHERE pub.id = NEW.article_id)
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
WHEN OLD.status = 'approved' AND EXISTS (SELECT 1 FROM public_article_ids pub WHERE pub.id = OLD.article_id)
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
CREATE TRIGGER trg_categories_rename_syncs AFTER UPDATE OF slug, name ON categories
WHEN (OLD.slug IS NOT NEW.slug OR OLD.name IS NOT NEW.name)
 AND EXISTS (SELECT 1 FROM articles a WHERE a.category_id = NEW.id AND EXISTS (SELECT 1 FROM public_article_ids pub WHERE pub.id = a.id))
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
    INSERT INTO sync_changes (article_id, version)
    SELECT a.id, (SELECT version FROM content_state WHERE id = 1) FROM articles a
     WHERE a.category_id = NEW.id AND EXISTS (SELECT 1 FROM public_article_ids pub WHERE pub.id = a.id)
    ON CONFLICT (article_id) DO UPDATE SET version = excluded.version;
END;
CREATE TRIGGER trg_tags_rename_syncs AFTER UPDATE OF slug, name ON tags
WHEN (OLD.slug IS NOT NEW.slug OR OLD.name IS NOT NEW.name)
 AND EXISTS (SELECT 1 FROM article_tags at WHERE at.tag_id = NEW.id AND EXISTS (SELECT 1 FROM public_article_ids pub WHERE pub.id = at.article_id))
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
    INSERT INTO sync_changes (article_id, version)
    SELECT at.article_id, (SELECT version FROM content_state WHERE id = 1) FROM article_tags at
     WHERE at.tag_id = NEW.id AND EXISTS (SELECT 1 FROM public_article_ids pub WHERE pub.id = at.article_id)
    ON CONFLICT (article_id) DO UPDATE SET version = excluded.version;
END;
CREATE TRIGGER trg_authors_rename_syncs AFTER UPDATE OF slug, name ON authors
WHEN (OLD.slug IS NOT NEW.slug OR OLD.name IS NOT NEW.name)
 AND EXISTS (SELECT 1 FROM articles a WHERE a.author_id = NEW.id AND EXISTS (SELECT 1 FROM public_article_ids pub WHERE pub.id = a.id))
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
    INSERT INTO sync_changes (article_id, version)
    SELECT a.id, (SELECT version FROM content_state WHERE id = 1) FROM articles a
     WHERE a.author_id = NEW.id AND EXISTS (SELECT 1 FROM public_article_ids pub WHERE pub.id = a.id)
    ON CONFLICT (article_id) DO UPDATE SET version = excluded.version;
END;
CREATE TRIGGER trg_comments_insert_webhooks AFTER INSERT ON comments
WHEN NEW.status = 'approved' AND EXISTS (SELECT 1 FROM public_article_ids pub WHERE pub.id = NEW.article_id)
BEGIN
    INSERT INTO webhook_events (type, data, occurred_at)
    SELECT 'comment.approved', json_object('id', NEW.id, 'articleId', NEW.article_id, 'slug', a.slug), news_now()
    FROM articles a WHERE a.id = NEW.article_id AND 'comment.approved' IN (SELECT type FROM webhook_wanted_types);
END;
CREATE TRIGGER trg_comments_approve_webhooks AFTER UPDATE ON comments
WHEN OLD.status <> 'approved' AND NEW.status = 'approved' AND EXISTS (SELECT 1 FROM public_article_ids pub WHERE pub.id = NEW.article_id)
BEGIN
    INSERT INTO webhook_events (type, data, occurred_at)
    SELECT 'comment.approved', json_object('id', NEW.id, 'articleId', NEW.article_id, 'slug', a.slug), news_now()
    FROM articles a WHERE a.id = NEW.article_id AND 'comment.approved' IN (SELECT type FROM webhook_wanted_types);
END;
CREATE TRIGGER trg_categories_insert_webhooks AFTER INSERT ON categories
BEGIN
    INSERT INTO webhook_events (type, data, occurred_at)
    SELECT 'taxonomy.changed', json_object('kind', 'category', 'change', 'created', 'id', NEW.id, 'slug', NEW.slug), news_now()
    WHERE 'taxonomy.changed' IN (SELECT type FROM webhook_wanted_types);
END;
CREATE TRIGGER trg_categories_update_webhooks AFTER UPDATE ON categories
WHEN OLD.name IS NOT NEW.name OR OLD.slug IS NOT NEW.slug OR OLD.description IS NOT NEW.description OR OLD.parent_id IS NOT NEW.parent_id
BEGIN
    INSERT INTO webhook_events (type, data, occurred_at)
    SELECT 'taxonomy.changed', json_object('kind', 'category', 'change', 'updated', 'id', NEW.id, 'slug', NEW.slug), news_now()
    WHERE 'taxonomy.changed' IN (SELECT type FROM webhook_wanted_types);
END;
CREATE TRIGGER trg_categories_delete_webhooks AFTER DELETE ON categories
BEGIN
    INSERT INTO webhook_events (type, data, occurred_at)
    SELECT 'taxonomy.changed', json_object('kind', 'category', 'change', 'deleted', 'id', OLD.id, 'slug', OLD.slug), news_now()
    WHERE 'taxonomy.changed' IN (SELECT type FROM webhook_wanted_types);
END;
CREATE TRIGGER trg_tags_insert_webhooks AFTER INSERT ON tags
BEGIN
    INSERT INTO webhook_events (type, data, occurred_at)
    SELECT 'taxonomy.changed', json_object('kind', 'tag', 'change', 'created', 'id', NEW.id, 'slug', NEW.slug), news_now()
    WHERE 'taxonomy.changed' IN (SELECT type FROM webhook_wanted_types);
END;
CREATE TRIGGER trg_tags_update_webhooks AFTER UPDATE ON tags
WHEN OLD.name IS NOT NEW.name OR OLD.slug IS NOT NEW.slug
BEGIN
    INSERT INTO webhook_events (type, data, occurred_at)
    SELECT 'taxonomy.changed', json_object('kind', 'tag', 'change', 'updated', 'id', NEW.id, 'slug', NEW.slug), news_now()
    WHERE 'taxonomy.changed' IN (SELECT type FROM webhook_wanted_types);
END;
CREATE TRIGGER trg_tags_delete_webhooks AFTER DELETE ON tags
BEGIN
    INSERT INTO webhook_events (type, data, occurred_at)
    SELECT 'taxonomy.changed', json_object('kind', 'tag', 'change', 'deleted', 'id', OLD.id, 'slug', OLD.slug), news_now()
    WHERE 'taxonomy.changed' IN (SELECT type FROM webhook_wanted_types);
END;
CREATE TRIGGER trg_authors_insert_webhooks AFTER INSERT ON authors
BEGIN
    INSERT INTO webhook_events (type, data, occurred_at)
    SELECT 'taxonomy.changed', json_object('kind', 'author', 'change', 'created', 'id', NEW.id, 'slug', NEW.slug), news_now()
    WHERE 'taxonomy.changed' IN (SELECT type FROM webhook_wanted_types);
END;
CREATE TRIGGER trg_authors_update_webhooks AFTER UPDATE ON authors
WHEN OLD.name IS NOT NEW.name OR OLD.slug IS NOT NEW.slug OR OLD.bio IS NOT NEW.bio
BEGIN
    INSERT INTO webhook_events (type, data, occurred_at)
    SELECT 'taxonomy.changed', json_object('kind', 'author', 'change', 'updated', 'id', NEW.id, 'slug', NEW.slug), news_now()
    WHERE 'taxonomy.changed' IN (SELECT type FROM webhook_wanted_types);
END;
CREATE TRIGGER trg_authors_delete_webhooks AFTER DELETE ON authors
BEGIN
    INSERT INTO webhook_events (type, data, occurred_at)
    SELECT 'taxonomy.changed', json_object('kind', 'author', 'change', 'deleted', 'id', OLD.id, 'slug', OLD.slug), news_now()
    WHERE 'taxonomy.changed' IN (SELECT type FROM webhook_wanted_types);
END;
