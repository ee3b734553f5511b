-- Related articles: each article's significant words (Arabic normalised, light prefixes and stop-words removed),
-- so candidates that share words are found through an index instead of by reading every article.
-- Normalising is application code (Related/RelatedWords.cs), so triggers only queue the articles whose title or
-- body changed, whoever wrote them (editor API, seeder, importer); the service drains the queue right away in
-- the background, and a related request first indexes whatever is still queued.
CREATE TABLE related_words (
    word       TEXT    NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    in_title   INTEGER NOT NULL,   -- 1 when the word is in the title, 0 when only in the body
    PRIMARY KEY (word, article_id)
) WITHOUT ROWID;
CREATE INDEX ix_related_words_article ON related_words (article_id);

-- How many articles have each word, kept by triggers: a request picks the article's rarest words, which say the
-- most about it and have the shortest lists.
CREATE TABLE related_word_stats (
    word TEXT    PRIMARY KEY,
    df   INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TRIGGER trg_related_words_insert_counts AFTER INSERT ON related_words
BEGIN
    INSERT INTO related_word_stats (word, df) VALUES (NEW.word, 1) ON CONFLICT (word) DO UPDATE SET df = df + 1;
END;
CREATE TRIGGER trg_related_words_delete_counts AFTER DELETE ON related_words
BEGIN
    UPDATE related_word_stats SET df = df - 1 WHERE word = OLD.word;
END;

CREATE TABLE related_words_pending (
    article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE
);
INSERT INTO related_words_pending (article_id) SELECT id FROM articles;

CREATE TRIGGER trg_articles_insert_queues_related_words AFTER INSERT ON articles
BEGIN
    INSERT OR IGNORE INTO related_words_pending (article_id) VALUES (NEW.id);
END;
CREATE TRIGGER trg_articles_text_update_queues_related_words AFTER UPDATE OF title, body_text ON articles
BEGIN
    INSERT OR IGNORE INTO related_words_pending (article_id) VALUES (NEW.id);
END;

-- A covering index for candidates, so scoring never reads article rows (whose bodies fill overflow pages): the
-- category and publication time of a public article by id. (Public articles of a category, newest first, come
-- from 0001's ix_articles_public_category.)
CREATE INDEX ix_articles_related_facts ON articles (id, category_id, published_at) WHERE status IN ('published', 'scheduled');
