-- Ids are never reused (issue 13): caches, webhooks and mobile clients rely on an id naming one thing forever, and a
-- plain INTEGER PRIMARY KEY hands the id of the newest row out again once that row is deleted. AUTOINCREMENT keeps the
-- highest id ever given in sqlite_sequence. It can only be declared by rebuilding the table (SQLite's 12-step ALTER
-- TABLE procedure): create the new table, copy the rows with their ids, drop the old one, rename the new one to the old
-- name. Other tables' foreign keys name the table, not its storage, so they (and comment_tokens) keep pointing at it.
-- The Migrator runs this with foreign keys off (so the DROPs cascade nothing) and checks every reference before commit.
--
-- A rename checks every view and trigger of the schema, so the view and the triggers that read a table about to be
-- dropped go first; every index, view and trigger is recreated below exactly as 0001-0004 wrote it. (Ids deleted before
-- this migration above the highest remaining one cannot be known, so those few may be given once more.)

DROP VIEW search_documents;
DROP TRIGGER trg_article_tags_insert_reindexes;
DROP TRIGGER trg_article_tags_update_reindexes;
DROP TRIGGER trg_article_tags_delete_reindexes;
DROP TRIGGER trg_articles_insert_indexes;
DROP TRIGGER trg_articles_update_reindexes;
DROP TRIGGER trg_tags_rename_reindexes;

CREATE TABLE new_categories (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    parent_id   INTEGER REFERENCES categories (id) ON DELETE RESTRICT,
    slug        TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL,
    description TEXT,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);
INSERT INTO new_categories (id, parent_id, slug, name, description, created_at, updated_at)
    SELECT id, parent_id, slug, name, description, created_at, updated_at
    FROM categories;
DROP TABLE categories;
ALTER TABLE new_categories RENAME TO categories;

CREATE TABLE new_authors (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    slug       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    bio        TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
INSERT INTO new_authors (id, slug, name, bio, created_at, updated_at)
    SELECT id, slug, name, bio, created_at, updated_at
    FROM authors;
DROP TABLE authors;
ALTER TABLE new_authors RENAME TO authors;

CREATE TABLE new_tags (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    slug       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
INSERT INTO new_tags (id, slug, name, created_at)
    SELECT id, slug, name, created_at
    FROM tags;
DROP TABLE tags;
ALTER TABLE new_tags RENAME TO tags;

CREATE TABLE new_articles (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    slug                 TEXT    NOT NULL UNIQUE,
    title                TEXT    NOT NULL,
    subtitle             TEXT,
    excerpt              TEXT    NOT NULL DEFAULT '',
    word_count           INTEGER NOT NULL,
    reading_time_minutes INTEGER NOT NULL,
    language             TEXT    NOT NULL DEFAULT 'ar',
    direction            TEXT    NOT NULL DEFAULT 'rtl' CHECK (direction IN ('rtl', 'ltr')),
    category_id          INTEGER NOT NULL REFERENCES categories (id) ON DELETE RESTRICT,
    author_id            INTEGER REFERENCES authors (id) ON DELETE RESTRICT,
    image_url            TEXT,
    image_alt            TEXT,
    image_caption        TEXT,
    image_credit         TEXT,
    status               TEXT    NOT NULL CHECK (status IN ('draft', 'scheduled', 'published', 'archived')),
    published_at         TEXT,
    comments_open        INTEGER NOT NULL DEFAULT 1,
    created_at           TEXT    NOT NULL,
    updated_at           TEXT    NOT NULL,
    version              INTEGER NOT NULL DEFAULT 1,
    -- The large columns stay last (see 0001).
    body_html            TEXT    NOT NULL,
    body_blocks          TEXT    NOT NULL,
    body_text            TEXT    NOT NULL,
    CHECK (status NOT IN ('published', 'scheduled') OR published_at IS NOT NULL)
);
INSERT INTO new_articles (id, slug, title, subtitle, excerpt, word_count, reading_time_minutes, language, direction, category_id, author_id,
    image_url, image_alt, image_caption, image_credit, status, published_at, comments_open, created_at, updated_at, version,
    body_html, body_blocks, body_text)
    SELECT id, slug, title, subtitle, excerpt, word_count, reading_time_minutes, language, direction, category_id, author_id,
    image_url, image_alt, image_caption, image_credit, status, published_at, comments_open, created_at, updated_at, version,
    body_html, body_blocks, body_text
    FROM articles;
DROP TABLE articles;
ALTER TABLE new_articles RENAME TO articles;

CREATE TABLE new_comments (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id     INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    parent_id      INTEGER REFERENCES comments (id) ON DELETE CASCADE,
    author_name    TEXT    NOT NULL,
    author_email   TEXT    NOT NULL,   -- never published
    author_url     TEXT,
    body           TEXT    NOT NULL,   -- plain text
    status         TEXT    NOT NULL CHECK (status IN ('pending', 'approved', 'spam', 'trash')),
    client_address TEXT,               -- never published
    user_agent     TEXT,               -- never published
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL
);
INSERT INTO new_comments (id, article_id, parent_id, author_name, author_email, author_url, body, status, client_address, user_agent, created_at, updated_at)
    SELECT id, article_id, parent_id, author_name, author_email, author_url, body, status, client_address, user_agent, created_at, updated_at
    FROM comments;
DROP TABLE comments;
ALTER TABLE new_comments RENAME TO comments;

-- Everything the DROPs took with them, as it was.
CREATE INDEX ix_categories_parent ON categories (parent_id);
CREATE INDEX ix_articles_public_order ON articles (published_at DESC, id DESC) WHERE status IN ('published', 'scheduled');
CREATE INDEX ix_articles_public_category ON articles (category_id, published_at DESC, id DESC) WHERE status IN ('published', 'scheduled');
CREATE INDEX ix_articles_public_author ON articles (author_id, published_at DESC, id DESC) WHERE status IN ('published', 'scheduled');
CREATE INDEX ix_articles_category ON articles (category_id);
CREATE INDEX ix_articles_author ON articles (author_id);
CREATE INDEX ix_articles_updated ON articles (updated_at DESC, id DESC);
CREATE INDEX ix_comments_article ON comments (article_id, status, created_at, id);
CREATE INDEX ix_comments_status ON comments (status, created_at);
CREATE INDEX ix_comments_email ON comments (author_email, created_at);
CREATE INDEX ix_articles_search_visibility ON articles (id, status, published_at, category_id, author_id);
CREATE INDEX ix_articles_related_facts ON articles (id, category_id, published_at) WHERE status IN ('published', 'scheduled');
CREATE INDEX ix_comments_parent ON comments (parent_id, status, created_at, id);

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
CREATE TRIGGER trg_categories_insert_bumps_content AFTER INSERT ON categories
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = 1;
END;
CREATE TRIGGER trg_categories_update_bumps_content AFTER UPDATE ON categories
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = 1;
END;
CREATE TRIGGER trg_categories_delete_bumps_content AFTER DELETE ON categories
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = 1;
END;
CREATE TRIGGER trg_authors_insert_bumps_content AFTER INSERT ON authors
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = 1;
END;
CREATE TRIGGER trg_authors_update_bumps_content AFTER UPDATE ON authors
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = 1;
END;
CREATE TRIGGER trg_authors_delete_bumps_content AFTER DELETE ON authors
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = 1;
END;
CREATE TRIGGER trg_tags_insert_bumps_content AFTER INSERT ON tags
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = 1;
END;
CREATE TRIGGER trg_tags_update_bumps_content AFTER UPDATE ON tags
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = 1;
END;
CREATE TRIGGER trg_tags_delete_bumps_content AFTER DELETE ON tags
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = 1;
END;
CREATE TRIGGER trg_articles_insert_bumps_content AFTER INSERT ON articles
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = 1;
END;
CREATE TRIGGER trg_articles_update_bumps_content AFTER UPDATE ON articles
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = 1;
END;
CREATE TRIGGER trg_articles_delete_bumps_content AFTER DELETE ON articles
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = 1;
END;
CREATE TRIGGER trg_comments_insert_bumps_content AFTER INSERT ON comments WHEN NEW.status = 'approved'
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = 1;
END;
CREATE TRIGGER trg_comments_update_bumps_content AFTER UPDATE ON comments WHEN OLD.status = 'approved' OR NEW.status = 'approved'
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = 1;
END;
CREATE TRIGGER trg_comments_delete_bumps_content AFTER DELETE ON comments WHEN OLD.status = 'approved'
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = 1;
END;
CREATE TRIGGER trg_articles_insert_indexes AFTER INSERT ON articles
BEGIN
    INSERT INTO search_index (rowid, title, title_stem, lead, lead_stem, body, body_stem, tags, tags_stem)
    SELECT id, title, title_stem, lead, lead_stem, body, body_stem, tags, tags_stem FROM search_documents WHERE id = NEW.id;
END;
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
CREATE TRIGGER trg_articles_insert_queues_related_words AFTER INSERT ON articles
BEGIN
    INSERT OR IGNORE INTO related_words_pending (article_id) VALUES (NEW.id);
END;
CREATE TRIGGER trg_articles_text_update_queues_related_words AFTER UPDATE OF title, body_text ON articles
BEGIN
    INSERT OR IGNORE INTO related_words_pending (article_id) VALUES (NEW.id);
END;
