-- The scheduled articles, by time (as SQLite 0019). The next scheduled time (Data/ContentState) and the publication of
-- those whose time has come (ContentWriter.PublishDue) both ask for status = 'scheduled' by published_at; scheduled
-- articles are few, so this index answers both without reading the public ones.
CREATE INDEX ix_articles_scheduled ON articles (published_at) WHERE status = 'scheduled';
