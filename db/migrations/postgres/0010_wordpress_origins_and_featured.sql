-- WordPress import fidelity (issue #17).
--
-- featured: WordPress's sticky posts, and an editor's pick. articles_touch_scopes (0005) runs on every update of a
-- public article whatever the column, so changing it already moves the article's scopes and its lists.
-- The index serves GET /api/v1/articles?featured=true without walking the whole publication order.
ALTER TABLE articles ADD COLUMN featured boolean NOT NULL DEFAULT false;
CREATE INDEX ix_articles_featured ON articles (featured, published_at DESC, id DESC) WHERE status IN ('published', 'scheduled');

-- Where each imported article came from: the WordPress site (its base URL) and the post's id there. A re-import
-- matches posts on this, not on their slug, so two posts with the same title or no post_name both arrive, and a post
-- imported before is skipped even after an editor renamed it. A deleted article keeps its row (article_id NULL), so
-- importing the file again does not bring back what an editor deleted.
CREATE TABLE imported_posts (
    site        text        NOT NULL,
    post_id     bigint      NOT NULL,
    article_id  bigint      REFERENCES articles (id) ON DELETE SET NULL,
    imported_at timestamptz NOT NULL,
    PRIMARY KEY (site, post_id)
);
CREATE INDEX ix_imported_posts_article ON imported_posts (article_id);
