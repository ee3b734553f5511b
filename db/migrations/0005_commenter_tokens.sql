-- Commenter tokens (trusted moderation, issue 13). Every accepted submission answers with a token that the client
-- keeps and sends back as X-Commenter-Token; a comment stores only the token's SHA-256, never the token. A
-- submission is trusted only when its token is the one under which a comment of the same e-mail was approved.
-- A side table rather than a column, so the comments table itself is left as it is.
CREATE TABLE comment_tokens (
    comment_id INTEGER PRIMARY KEY REFERENCES comments (id) ON DELETE CASCADE,
    token_hash TEXT    NOT NULL    -- lower-case hex SHA-256 of the token
);
CREATE INDEX ix_comment_tokens_hash ON comment_tokens (token_hash);

-- The key that signs tokens to the e-mail they were issued for (HMAC-SHA256), so a token's validity can be
-- checked without reading stored comments: whether an earlier submission was kept must not change the answer.
-- Made once, here, per database; backups carry it, so restored tokens keep working.
CREATE TABLE commenter_token_key (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    key BLOB    NOT NULL
);
INSERT INTO commenter_token_key (id, key) VALUES (1, randomblob(32));
