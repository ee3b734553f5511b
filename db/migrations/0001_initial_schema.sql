-- The whole content model, so later features add behaviour rather than rework.
-- Timestamps are UTC text in ISO-8601 ('2024-11-29T10:00:00Z'): sortable, readable, unambiguous.

CREATE TABLE categories (
    id          INTEGER PRIMARY KEY,
    parent_id   INTEGER REFERENCES categories (id) ON DELETE RESTRICT,
    slug        TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL,
    description TEXT,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);
CREATE INDEX ix_categories_parent ON categories (parent_id);

CREATE TABLE authors (
    id         INTEGER PRIMARY KEY,
    slug       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    bio        TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE tags (
    id         INTEGER PRIMARY KEY,
    slug       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE articles (
    id                   INTEGER PRIMARY KEY,
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
    -- For 'published' the time it went live; for 'scheduled' the time it will. A scheduled article whose
    -- time has come is public without any job runner flipping its status.
    published_at         TEXT,
    comments_open        INTEGER NOT NULL DEFAULT 1,
    created_at           TEXT    NOT NULL,
    updated_at           TEXT    NOT NULL,
    version              INTEGER NOT NULL DEFAULT 1,  -- row version behind ETag / If-Match
    -- The large columns come last: SQLite reads a row's columns in order, so every column placed after these
    -- would cost a walk through their overflow pages on every list, filter and count.
    body_html            TEXT    NOT NULL,          -- sanitised on write
    body_blocks          TEXT    NOT NULL,          -- JSON array derived from body_html on write
    body_text            TEXT    NOT NULL,          -- plain text, for search and related-article scoring
    CHECK (status NOT IN ('published', 'scheduled') OR published_at IS NOT NULL)
);
CREATE INDEX ix_articles_public_order ON articles (published_at DESC, id DESC) WHERE status IN ('published', 'scheduled');
-- Public filters read only these partial indexes (they hold everything the WHERE and ORDER BY need); the plain
-- ones serve foreign-key checks and the admin API.
CREATE INDEX ix_articles_public_category ON articles (category_id, published_at DESC, id DESC) WHERE status IN ('published', 'scheduled');
CREATE INDEX ix_articles_public_author ON articles (author_id, published_at DESC, id DESC) WHERE status IN ('published', 'scheduled');
CREATE INDEX ix_articles_category ON articles (category_id);
CREATE INDEX ix_articles_author ON articles (author_id);
-- No index leads with status: with only two public states it would look selective to the planner and beat the
-- partial index above, turning every public list into a scan.
CREATE INDEX ix_articles_updated ON articles (updated_at DESC, id DESC);

-- Slugs an article answered to before its slug changed, so old links keep resolving.
CREATE TABLE article_slug_aliases (
    slug       TEXT    PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE
);

CREATE TABLE article_tags (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    tag_id     INTEGER NOT NULL REFERENCES tags (id) ON DELETE RESTRICT,
    position   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (article_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX ix_article_tags_tag ON article_tags (tag_id, article_id);

-- An editor's ordered list: either an internal article or an external URL with a title.
CREATE TABLE related_links (
    id                INTEGER PRIMARY KEY,
    article_id        INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position          INTEGER NOT NULL,
    target_article_id INTEGER REFERENCES articles (id) ON DELETE CASCADE,
    title             TEXT,
    url               TEXT,
    CHECK ((target_article_id IS NOT NULL AND url IS NULL) OR (target_article_id IS NULL AND url IS NOT NULL AND title IS NOT NULL)),
    UNIQUE (article_id, position)
);

CREATE TABLE comments (
    id             INTEGER PRIMARY KEY,
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
CREATE INDEX ix_comments_article ON comments (article_id, status, created_at, id);
CREATE INDEX ix_comments_status ON comments (status, created_at);
CREATE INDEX ix_comments_email ON comments (author_email, created_at);

CREATE TABLE api_keys (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    key_prefix   TEXT NOT NULL,           -- first characters, to recognise a key in listings
    key_hash     TEXT NOT NULL UNIQUE,    -- SHA-256 of the secret; the secret itself is never stored
    scopes       TEXT NOT NULL,           -- space-separated, e.g. 'content:write comments:moderate'
    created_at   TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
);

CREATE TABLE idempotency_keys (
    key             TEXT    NOT NULL,
    scope           TEXT    NOT NULL,     -- the route the key was used on
    request_hash    TEXT    NOT NULL,
    response_status INTEGER NOT NULL,
    response_body   TEXT    NOT NULL,
    created_at      TEXT    NOT NULL,
    expires_at      TEXT    NOT NULL,
    PRIMARY KEY (key, scope)
) WITHOUT ROWID;
CREATE INDEX ix_idempotency_keys_expiry ON idempotency_keys (expires_at);

-- One counter for all public content: every write bumps it (triggers below), so an ETag or a cache entry
-- can be validated with one indexed read instead of hashing a response.
CREATE TABLE content_state (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    version    INTEGER NOT NULL,
    changed_at TEXT    NOT NULL
);
INSERT INTO content_state (id, version, changed_at) VALUES (1, 1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));

-- Any change to public content moves content_state on, inside the writing transaction.
-- Comments count only when an approved one comes, goes or changes: a flood of pending or spam
-- submissions must not invalidate every cached page.
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
CREATE TRIGGER trg_article_tags_insert_bumps_content AFTER INSERT ON article_tags
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = 1;
END;
CREATE TRIGGER trg_article_tags_update_bumps_content AFTER UPDATE ON article_tags
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = 1;
END;
CREATE TRIGGER trg_article_tags_delete_bumps_content AFTER DELETE ON article_tags
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = 1;
END;
CREATE TRIGGER trg_related_links_insert_bumps_content AFTER INSERT ON related_links
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = 1;
END;
CREATE TRIGGER trg_related_links_update_bumps_content AFTER UPDATE ON related_links
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = 1;
END;
CREATE TRIGGER trg_related_links_delete_bumps_content AFTER DELETE ON related_links
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = 1;
END;
CREATE TRIGGER trg_article_slug_aliases_insert_bumps_content AFTER INSERT ON article_slug_aliases
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = 1;
END;
CREATE TRIGGER trg_article_slug_aliases_update_bumps_content AFTER UPDATE ON article_slug_aliases
BEGIN
    UPDATE content_state SET version = version + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = 1;
END;
CREATE TRIGGER trg_article_slug_aliases_delete_bumps_content AFTER DELETE ON article_slug_aliases
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
