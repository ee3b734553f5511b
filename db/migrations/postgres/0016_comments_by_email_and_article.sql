-- The duplicate check of every comment submission (Comments/CommentStore: the same e-mail's earlier comments on the
-- same article) read ix_comments_email (author_email, created_at) or ix_comments_article and filtered the other
-- column. The planner took ix_comments_article, so on an article with thousands of comments each submission read all
-- of them (12 ms and 14,000 buffers a submission at 7,000 comments, measured). Both columns of the check in one index:
-- one index entry per earlier comment of the pair, however busy the article. It replaces ix_comments_email, whose only
-- other reader looked up by e-mail alone (still the leading column); created_at was never asked for. Same number of
-- indexes to keep up on each insert.
CREATE INDEX ix_comments_email_article ON comments (author_email, article_id);
DROP INDEX ix_comments_email;
