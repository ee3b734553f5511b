-- Full-text search (issue 5). The index holds NORMALISED text, never the original: Arabic normalisation and
-- stemming happen in C# (Text/ArabicNormalizer, Text/ArabicStemmer), exposed to SQL as news_normalize(text)
-- and news_stem(text), which Data/Database.Open() registers on every connection. Each field is indexed twice,
-- as exact normalised words and as stems, so bm25 weights can rank an exact match above a stemmed one and the
-- title above the body. unicode61 only splits words and folds Latin accents.
--
-- Contentless (content=''): snippets are cut from the original text in articles, so the index need not keep a
-- copy of it. contentless_delete=1 lets the triggers below delete by rowid (= articles.id).
CREATE VIRTUAL TABLE search_index USING fts5(
    title, title_stem,
    lead, lead_stem,          -- subtitle and excerpt
    body, body_stem,          -- articles.body_text (plain text, never HTML)
    tags, tags_stem,          -- tag names
    content = '',
    contentless_delete = 1,
    tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'"
);

-- Matches are checked for visibility and filters row by row: a common word matches thousands of articles. This
-- narrow covering index answers those checks without reading the wide article rows (INDEXED BY in
-- Search/SearchStore.cs).
CREATE INDEX ix_articles_search_visibility ON articles (id, status, published_at, category_id, author_id);

-- What the index holds for an article, in one place for the triggers and for `search-index rebuild`.
-- Every article is indexed whatever its status: visibility is applied at query time with ArticleStore.IsPublic,
-- so a scheduled article becomes findable when its time comes without any write.
CREATE VIEW search_documents AS
SELECT a.id AS id,
       news_normalize(a.title) AS title,
       news_stem(a.title) AS title_stem,
       news_normalize(coalesce(a.subtitle, '') || ' ' || a.excerpt) AS lead,
       news_stem(coalesce(a.subtitle, '') || ' ' || a.excerpt) AS lead_stem,
       news_normalize(a.body_text) AS body,
       news_stem(a.body_text) AS body_stem,
       news_normalize((SELECT group_concat(t.name, ' ') FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE at.article_id = a.id)) AS tags,
       news_stem((SELECT group_concat(t.name, ' ') FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE at.article_id = a.id)) AS tags_stem
FROM articles a;

-- The index moves with every write, inside the writing transaction, whoever writes (API, seeder, importer).
CREATE TRIGGER trg_articles_insert_indexes AFTER INSERT ON articles
BEGIN
    INSERT INTO search_index (rowid, title, title_stem, lead, lead_stem, body, body_stem, tags, tags_stem)
    SELECT id, title, title_stem, lead, lead_stem, body, body_stem, tags, tags_stem FROM search_documents WHERE id = NEW.id;
END;

-- Status and publication changes need no re-indexing (see above); only the searchable text does.
CREATE TRIGGER trg_articles_update_reindexes AFTER UPDATE OF id, title, subtitle, excerpt, body_text ON articles
BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id;
    INSERT INTO search_index (rowid, title, title_stem, lead, lead_stem, body, body_stem, tags, tags_stem)
    SELECT id, title, title_stem, lead, lead_stem, body, body_stem, tags, tags_stem FROM search_documents WHERE id = NEW.id;
END;

CREATE TRIGGER trg_articles_delete_unindexes AFTER DELETE ON articles
BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id;
END;

CREATE TRIGGER trg_article_tags_insert_reindexes AFTER INSERT ON article_tags
BEGIN
    DELETE FROM search_index WHERE rowid = NEW.article_id;
    INSERT INTO search_index (rowid, title, title_stem, lead, lead_stem, body, body_stem, tags, tags_stem)
    SELECT id, title, title_stem, lead, lead_stem, body, body_stem, tags, tags_stem FROM search_documents WHERE id = NEW.article_id;
END;

CREATE TRIGGER trg_article_tags_update_reindexes AFTER UPDATE ON article_tags
BEGIN
    DELETE FROM search_index WHERE rowid IN (OLD.article_id, NEW.article_id);
    INSERT INTO search_index (rowid, title, title_stem, lead, lead_stem, body, body_stem, tags, tags_stem)
    SELECT id, title, title_stem, lead, lead_stem, body, body_stem, tags, tags_stem FROM search_documents WHERE id IN (OLD.article_id, NEW.article_id);
END;

-- Also fires when deleting an article cascades to its tags; search_documents then has no row to re-insert.
CREATE TRIGGER trg_article_tags_delete_reindexes AFTER DELETE ON article_tags
BEGIN
    DELETE FROM search_index WHERE rowid = OLD.article_id;
    INSERT INTO search_index (rowid, title, title_stem, lead, lead_stem, body, body_stem, tags, tags_stem)
    SELECT id, title, title_stem, lead, lead_stem, body, body_stem, tags, tags_stem FROM search_documents WHERE id = OLD.article_id;
END;

CREATE TRIGGER trg_tags_rename_reindexes AFTER UPDATE OF name ON tags
BEGIN
    DELETE FROM search_index WHERE rowid IN (SELECT article_id FROM article_tags WHERE tag_id = NEW.id);
    INSERT INTO search_index (rowid, title, title_stem, lead, lead_stem, body, body_stem, tags, tags_stem)
    SELECT id, title, title_stem, lead, lead_stem, body, body_stem, tags, tags_stem
    FROM search_documents WHERE id IN (SELECT article_id FROM article_tags WHERE tag_id = NEW.id);
END;

INSERT INTO search_index (rowid, title, title_stem, lead, lead_stem, body, body_stem, tags, tags_stem)
SELECT id, title, title_stem, lead, lead_stem, body, body_stem, tags, tags_stem FROM search_documents;
