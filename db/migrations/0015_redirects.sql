-- Old links (issue 17). A site moved from WordPress keeps its old URLs in search engines, social posts and other sites:
-- each path it answered on (a post's permalink, its ?p=ID short link and guid, its category's and tags' archive pages) is
-- recorded here, in the form Redirects/RedirectPaths.Key gives it (percent-decoded, lower-case, no trailing slash, no
-- host), with what it now names. GET /api/v1/redirects reads it; the target is shown only while it is public.
-- A deleted article, category or tag takes its old paths with it.
CREATE TABLE redirects (
    path        TEXT    NOT NULL PRIMARY KEY,
    article_id  INTEGER REFERENCES articles (id) ON DELETE CASCADE,
    category_id INTEGER REFERENCES categories (id) ON DELETE CASCADE,
    tag_id      INTEGER REFERENCES tags (id) ON DELETE CASCADE,
    created_at  TEXT    NOT NULL,
    CHECK ((article_id IS NOT NULL) + (category_id IS NOT NULL) + (tag_id IS NOT NULL) = 1)
) WITHOUT ROWID;
-- For the cascades, and for listing an article's old paths.
CREATE INDEX ix_redirects_article ON redirects (article_id) WHERE article_id IS NOT NULL;
CREATE INDEX ix_redirects_category ON redirects (category_id) WHERE category_id IS NOT NULL;
CREATE INDEX ix_redirects_tag ON redirects (tag_id) WHERE tag_id IS NOT NULL;

-- A path's answer is cached under the directory scope (taxonomy) until it is known, and under its target's scopes after
-- (article-{id}; taxonomy and labels for a category or tag). Recording or removing a path of a public target moves the
-- directory (and the article), so a 404 learnt before the path was recorded is not kept; a path of a draft moves
-- nothing, as drafts never do: publishing it later moves both.
CREATE TRIGGER trg_redirects_insert_bumps_content AFTER INSERT ON redirects
WHEN EXISTS (SELECT 1 FROM public_article_ids pub WHERE pub.id = NEW.article_id)
  OR (NEW.category_id IS NOT NULL AND NEW.category_id IN (SELECT id FROM public_category_ids))
  OR (NEW.tag_id IS NOT NULL
      AND EXISTS (SELECT 1 FROM article_tags at WHERE at.tag_id = NEW.tag_id AND EXISTS (SELECT 1 FROM public_article_ids pub WHERE pub.id = at.article_id)))
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
    INSERT INTO content_scopes (scope, version, changed_at)
    SELECT scope, (SELECT version FROM content_state WHERE id = 1), news_now() FROM (
        SELECT 'taxonomy' AS scope UNION SELECT 'article-' || NEW.article_id)
     WHERE scope IS NOT NULL
    ON CONFLICT (scope) DO UPDATE SET version = excluded.version, changed_at = excluded.changed_at;
END;
CREATE TRIGGER trg_redirects_delete_bumps_content AFTER DELETE ON redirects
WHEN EXISTS (SELECT 1 FROM public_article_ids pub WHERE pub.id = OLD.article_id)
  OR (OLD.category_id IS NOT NULL AND OLD.category_id IN (SELECT id FROM public_category_ids))
  OR (OLD.tag_id IS NOT NULL
      AND EXISTS (SELECT 1 FROM article_tags at WHERE at.tag_id = OLD.tag_id AND EXISTS (SELECT 1 FROM public_article_ids pub WHERE pub.id = at.article_id)))
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = news_now() WHERE id = 1;
    INSERT INTO content_scopes (scope, version, changed_at)
    SELECT scope, (SELECT version FROM content_state WHERE id = 1), news_now() FROM (
        SELECT 'taxonomy' AS scope UNION SELECT 'article-' || OLD.article_id)
     WHERE scope IS NOT NULL
    ON CONFLICT (scope) DO UPDATE SET version = excluded.version, changed_at = excluded.changed_at;
END;
