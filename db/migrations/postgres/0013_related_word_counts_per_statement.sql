-- Document frequencies of related words (related_word_stats) counted once per statement instead of once per row.
-- Per row, indexing a batch of articles updated the row of a common word (في, من) once per article in one
-- transaction, each update slower than the last, since every earlier version of that row is still in its way:
-- indexing 100,000 generated articles took 322 s. The application writes a batch's words in one INSERT (and removes
-- them in one DELETE), so each word's count now moves once per batch. Rows are locked in word order, as the per-row
-- inserts were, so concurrent indexers wait for each other rather than deadlock.
-- (Numbered 0013 to leave 0010-0012 to work landing beside it; migrations apply in name order, each once.)

DROP TRIGGER trg_related_words_insert_counts ON related_words;
DROP TRIGGER trg_related_words_delete_counts ON related_words;
DROP FUNCTION count_related_word();

CREATE FUNCTION count_related_words_added() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    INSERT INTO related_word_stats (word, df)
    SELECT word, count(*) FROM added GROUP BY word ORDER BY word
    ON CONFLICT (word) DO UPDATE SET df = related_word_stats.df + excluded.df;
    RETURN NULL;
END
$$;

CREATE FUNCTION count_related_words_removed() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM 1 FROM related_word_stats s WHERE s.word IN (SELECT word FROM removed) ORDER BY s.word FOR UPDATE;
    UPDATE related_word_stats s SET df = s.df - r.n
    FROM (SELECT word, count(*) AS n FROM removed GROUP BY word) AS r
    WHERE s.word = r.word;
    RETURN NULL;
END
$$;

CREATE TRIGGER trg_related_words_insert_counts AFTER INSERT ON related_words
REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION count_related_words_added();
CREATE TRIGGER trg_related_words_delete_counts AFTER DELETE ON related_words
REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION count_related_words_removed();
