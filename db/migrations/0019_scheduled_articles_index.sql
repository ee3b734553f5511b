-- As PostgreSQL 0017: the scheduled articles, by time. Two statements look for them (Data/ContentState: the next
-- scheduled time, and ContentWriter.PublishDue: turning those whose time has come into 'published'), and neither had an
-- index on the status: both walked the publication-order index and read each public article's row for its status. At
-- a million articles that was 830,000 page reads at every start (most of a 10 to 60 s cold start, inside a write
-- transaction) and again whenever a scheduled article came due. Scheduled articles are few, so the index is tiny.
CREATE INDEX ix_articles_scheduled ON articles (published_at) WHERE status = 'scheduled';
