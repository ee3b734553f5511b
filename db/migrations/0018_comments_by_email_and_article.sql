-- As PostgreSQL 0016: the duplicate check of every comment submission (Comments/CommentStore: the same e-mail's earlier
-- comments on the same article) gets an index on both its columns, so it never reads every comment of a busy article
-- (PostgreSQL's planner chose ix_comments_article for it). It replaces ix_comments_email (author_email, created_at),
-- whose created_at no query asks for; lookups by e-mail alone still use the leading column.
CREATE INDEX ix_comments_email_article ON comments (author_email, article_id);
DROP INDEX ix_comments_email;
