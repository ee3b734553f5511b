-- Search-as-you-type (GET /api/v1/search/suggest, Search/SuggestionStore.cs). Each article's title is kept as prefix
-- keys: the title from each of its words to the end, normalised as search normalises (news_normalize: harakat and
-- tatweel removed, أ إ آ → ا, ى → ي, ة → ه, …), cut to 50 characters (the longest prefix a client may send), and for
-- a word with the article ال also from the word without it. A prefix is then one B-tree range of this table
-- (phrase >= @Low AND phrase < @High), never a scan; news_suggestion_keys (Search/SuggestionKeys.cs, registered on
-- every connection with news_normalize) computes the keys, so they agree with the prefix's normalisation in C#.
-- Every article is kept whatever its status: visibility is applied when suggesting (PublicArticles), so a scheduled
-- article is suggested when its time comes without any write, as search finds it.
CREATE TABLE suggestion_keys (
    phrase     TEXT    NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    PRIMARY KEY (phrase, article_id)
) WITHOUT ROWID;

-- An article's own keys: for replacing them when its title changes, and for probing the newest articles one by one.
CREATE INDEX ix_suggestion_keys_article ON suggestion_keys (article_id, phrase);

CREATE TRIGGER trg_articles_insert_suggests AFTER INSERT ON articles
BEGIN
    INSERT OR IGNORE INTO suggestion_keys (phrase, article_id)
    SELECT value, NEW.id FROM json_each(news_suggestion_keys(NEW.title));
END;

CREATE TRIGGER trg_articles_title_suggests AFTER UPDATE OF title ON articles
BEGIN
    DELETE FROM suggestion_keys WHERE article_id = OLD.id;
    INSERT OR IGNORE INTO suggestion_keys (phrase, article_id)
    SELECT value, NEW.id FROM json_each(news_suggestion_keys(NEW.title));
END;

INSERT OR IGNORE INTO suggestion_keys (phrase, article_id)
SELECT keys.value, a.id FROM articles a, json_each(news_suggestion_keys(a.title)) AS keys;
