-- Comments: replies are found by their parent when threads are read and when a parent is deleted (the
-- ON DELETE CASCADE of comments.parent_id), so both walks need an index instead of a table scan.
CREATE INDEX ix_comments_parent ON comments (parent_id, status, created_at, id);
