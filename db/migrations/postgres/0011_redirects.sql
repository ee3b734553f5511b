-- Old links (issue 17): the PostgreSQL side of SQLite's 0015_redirects.sql, which explains the table and its triggers.
-- Keys longer than 2,000 UTF-8 bytes are never recorded (Redirects/RedirectPaths.MaxKeyBytes): a btree entry holds at most
-- about 2,700.
CREATE TABLE redirects (
    path        text        PRIMARY KEY,
    article_id  bigint      REFERENCES articles (id) ON DELETE CASCADE,
    category_id bigint      REFERENCES categories (id) ON DELETE CASCADE,
    tag_id      bigint      REFERENCES tags (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL,
    CHECK (num_nonnulls(article_id, category_id, tag_id) = 1)
);
CREATE INDEX ix_redirects_article ON redirects (article_id) WHERE article_id IS NOT NULL;
CREATE INDEX ix_redirects_category ON redirects (category_id) WHERE category_id IS NOT NULL;
CREATE INDEX ix_redirects_tag ON redirects (tag_id) WHERE tag_id IS NOT NULL;

CREATE FUNCTION redirects_touch_scopes() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    target redirects%ROWTYPE;
BEGIN
    IF TG_OP = 'DELETE' THEN
        target := OLD;
    ELSE
        target := NEW;
    END IF;
    IF EXISTS (SELECT 1 FROM public_article_ids pub WHERE pub.id = target.article_id)
       OR (target.category_id IS NOT NULL AND target.category_id IN (SELECT id FROM public_category_ids))
       OR (target.tag_id IS NOT NULL
           AND EXISTS (SELECT 1 FROM article_tags at WHERE at.tag_id = target.tag_id
                       AND EXISTS (SELECT 1 FROM public_article_ids pub WHERE pub.id = at.article_id))) THEN
        PERFORM touch_content_scopes(ARRAY['taxonomy', 'article-' || target.article_id]);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER trg_redirects_touch_scopes AFTER INSERT OR DELETE ON redirects
FOR EACH ROW EXECUTE FUNCTION redirects_touch_scopes();
