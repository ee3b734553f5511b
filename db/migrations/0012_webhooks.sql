-- Webhooks (issue 16): subscriptions, an outbox of events, and one delivery per event and subscription.
--
-- The events are written by triggers, inside the transaction of the change itself: every writer (the admin API, the
-- CLI's import and seed, ContentWriter.PublishDue turning a scheduled article published when its time comes) is seen,
-- and a change that commits has its event committed with it (a crash between the commit and the send loses nothing).
-- An event is written only when an enabled subscription wants its type; the row inserted in webhook_events is then
-- fanned out to one webhook_deliveries row per subscription that wants it (a ping names its one subscription).
--
-- "Published" for webhooks is the stored status 'published': a scheduled article is announced when PublishDue turns
-- it published (the delivery worker calls it on every tick, so that happens within a tick of its time even with no
-- reader), not when it was scheduled. Only articles once announced are announced as updated, unpublished or deleted.

CREATE TABLE webhook_subscriptions (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    url                TEXT    NOT NULL,
    description        TEXT,
    events             TEXT    NOT NULL,             -- JSON array of event types
    secret             TEXT    NOT NULL,             -- whsec_…: needed to sign, so stored as is; never answered after creation
    enabled            INTEGER NOT NULL DEFAULT 1,
    exhausted_in_a_row INTEGER NOT NULL DEFAULT 0,   -- deliveries that used up the retry schedule since the last success
    disabled_at        TEXT,
    disabled_reason    TEXT,                         -- 'exhausted' (by the worker) or 'manual' (PATCH enabled=false)
    created_at         TEXT    NOT NULL,
    updated_at         TEXT    NOT NULL
);

CREATE TABLE webhook_events (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id      TEXT    NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),  -- webhook-id: msg_…
    type            TEXT    NOT NULL,
    data            TEXT    NOT NULL,             -- JSON object: ids and slugs; links are added when sent
    subscription_id INTEGER REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,  -- a ping's one subscription
    occurred_at     TEXT    NOT NULL
);

CREATE TABLE webhook_deliveries (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    subscription_id    INTEGER NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
    event_id           INTEGER NOT NULL REFERENCES webhook_events (id) ON DELETE CASCADE,
    status             TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts           INTEGER NOT NULL DEFAULT 0,   -- every attempt so far
    round_attempts     INTEGER NOT NULL DEFAULT 0,   -- attempts since it was queued or retried by hand: the place in the schedule
    next_attempt_at_ms INTEGER NOT NULL,             -- unix milliseconds, by the application's clock
    claimed_until_ms   INTEGER,                      -- a worker is sending it until then (unix milliseconds)
    last_attempt_at    TEXT,
    last_status_code   INTEGER,
    last_duration_ms   INTEGER,
    last_error         TEXT,
    delivered_at       TEXT,
    created_at         TEXT    NOT NULL
);
-- The worker's queue: the oldest pending delivery of each subscription is the only one it may send.
CREATE INDEX ix_webhook_deliveries_pending ON webhook_deliveries (subscription_id, id) WHERE status = 'pending';
CREATE INDEX ix_webhook_deliveries_subscription ON webhook_deliveries (subscription_id, id);
CREATE INDEX ix_webhook_deliveries_event ON webhook_deliveries (event_id);

-- The event types some enabled subscription wants.
CREATE VIEW webhook_wanted_types AS
SELECT DISTINCT e.value AS type FROM webhook_subscriptions s, json_each(s.events) e WHERE s.enabled = 1;

CREATE TRIGGER trg_webhook_events_fan_out AFTER INSERT ON webhook_events
BEGIN
    INSERT INTO webhook_deliveries (subscription_id, event_id, status, next_attempt_at_ms, created_at)
    SELECT s.id, NEW.id, 'pending', CAST(strftime('%s', NEW.occurred_at) AS INTEGER) * 1000, NEW.occurred_at
    FROM webhook_subscriptions s
    WHERE s.enabled = 1
      AND CASE WHEN NEW.subscription_id IS NULL
               THEN EXISTS (SELECT 1 FROM json_each(s.events) e WHERE e.value = NEW.type)
               ELSE s.id = NEW.subscription_id END;
END;

-- Articles.
CREATE TRIGGER trg_articles_insert_webhooks AFTER INSERT ON articles
WHEN NEW.status = 'published'
BEGIN
    INSERT INTO webhook_events (type, data, occurred_at)
    SELECT 'article.published', json_object('id', NEW.id, 'slug', NEW.slug), news_now()
    WHERE 'article.published' IN (SELECT type FROM webhook_wanted_types);
END;
CREATE TRIGGER trg_articles_publish_webhooks AFTER UPDATE ON articles
WHEN OLD.status <> 'published' AND NEW.status = 'published'
BEGIN
    INSERT INTO webhook_events (type, data, occurred_at)
    SELECT 'article.published', json_object('id', NEW.id, 'slug', NEW.slug), news_now()
    WHERE 'article.published' IN (SELECT type FROM webhook_wanted_types);
END;
CREATE TRIGGER trg_articles_unpublish_webhooks AFTER UPDATE ON articles
WHEN OLD.status = 'published' AND NEW.status <> 'published'
BEGIN
    INSERT INTO webhook_events (type, data, occurred_at)
    SELECT 'article.unpublished', json_object('id', NEW.id, 'slug', NEW.slug), news_now()
    WHERE 'article.unpublished' IN (SELECT type FROM webhook_wanted_types);
END;
-- Every edit of a published article moves its row version (content, tags, curated links); a re-dated one too.
CREATE TRIGGER trg_articles_update_webhooks AFTER UPDATE ON articles
WHEN OLD.status = 'published' AND NEW.status = 'published'
 AND (OLD.version IS NOT NEW.version OR OLD.slug IS NOT NEW.slug OR OLD.published_at IS NOT NEW.published_at)
BEGIN
    INSERT INTO webhook_events (type, data, occurred_at)
    SELECT 'article.updated', json_object('id', NEW.id, 'slug', NEW.slug), news_now()
    WHERE 'article.updated' IN (SELECT type FROM webhook_wanted_types);
END;
CREATE TRIGGER trg_articles_delete_webhooks AFTER DELETE ON articles
WHEN OLD.status = 'published'
BEGIN
    INSERT INTO webhook_events (type, data, occurred_at)
    SELECT 'article.deleted', json_object('id', OLD.id, 'slug', OLD.slug), news_now()
    WHERE 'article.deleted' IN (SELECT type FROM webhook_wanted_types);
END;

-- Comments: approved (by a moderator, or on submission when moderation allows) on a public article. Ids only: never
-- the commenter's e-mail or address.
CREATE TRIGGER trg_comments_insert_webhooks AFTER INSERT ON comments
WHEN NEW.status = 'approved' AND NEW.article_id IN (SELECT id FROM public_article_ids)
BEGIN
    INSERT INTO webhook_events (type, data, occurred_at)
    SELECT 'comment.approved', json_object('id', NEW.id, 'articleId', NEW.article_id, 'slug', a.slug), news_now()
    FROM articles a WHERE a.id = NEW.article_id AND 'comment.approved' IN (SELECT type FROM webhook_wanted_types);
END;
CREATE TRIGGER trg_comments_approve_webhooks AFTER UPDATE ON comments
WHEN OLD.status <> 'approved' AND NEW.status = 'approved' AND NEW.article_id IN (SELECT id FROM public_article_ids)
BEGIN
    INSERT INTO webhook_events (type, data, occurred_at)
    SELECT 'comment.approved', json_object('id', NEW.id, 'articleId', NEW.article_id, 'slug', a.slug), news_now()
    FROM articles a WHERE a.id = NEW.article_id AND 'comment.approved' IN (SELECT type FROM webhook_wanted_types);
END;

-- Categories, tags, authors: created, changed (what is shown of them) or deleted.
CREATE TRIGGER trg_categories_insert_webhooks AFTER INSERT ON categories
BEGIN
    INSERT INTO webhook_events (type, data, occurred_at)
    SELECT 'taxonomy.changed', json_object('kind', 'category', 'change', 'created', 'id', NEW.id, 'slug', NEW.slug), news_now()
    WHERE 'taxonomy.changed' IN (SELECT type FROM webhook_wanted_types);
END;
CREATE TRIGGER trg_categories_update_webhooks AFTER UPDATE ON categories
WHEN OLD.name IS NOT NEW.name OR OLD.slug IS NOT NEW.slug OR OLD.description IS NOT NEW.description OR OLD.parent_id IS NOT NEW.parent_id
BEGIN
    INSERT INTO webhook_events (type, data, occurred_at)
    SELECT 'taxonomy.changed', json_object('kind', 'category', 'change', 'updated', 'id', NEW.id, 'slug', NEW.slug), news_now()
    WHERE 'taxonomy.changed' IN (SELECT type FROM webhook_wanted_types);
END;
CREATE TRIGGER trg_categories_delete_webhooks AFTER DELETE ON categories
BEGIN
    INSERT INTO webhook_events (type, data, occurred_at)
    SELECT 'taxonomy.changed', json_object('kind', 'category', 'change', 'deleted', 'id', OLD.id, 'slug', OLD.slug), news_now()
    WHERE 'taxonomy.changed' IN (SELECT type FROM webhook_wanted_types);
END;
CREATE TRIGGER trg_tags_insert_webhooks AFTER INSERT ON tags
BEGIN
    INSERT INTO webhook_events (type, data, occurred_at)
    SELECT 'taxonomy.changed', json_object('kind', 'tag', 'change', 'created', 'id', NEW.id, 'slug', NEW.slug), news_now()
    WHERE 'taxonomy.changed' IN (SELECT type FROM webhook_wanted_types);
END;
-- Article writes upsert their tags (ON CONFLICT … SET slug = excluded.slug): only a real change is an event.
CREATE TRIGGER trg_tags_update_webhooks AFTER UPDATE ON tags
WHEN OLD.name IS NOT NEW.name OR OLD.slug IS NOT NEW.slug
BEGIN
    INSERT INTO webhook_events (type, data, occurred_at)
    SELECT 'taxonomy.changed', json_object('kind', 'tag', 'change', 'updated', 'id', NEW.id, 'slug', NEW.slug), news_now()
    WHERE 'taxonomy.changed' IN (SELECT type FROM webhook_wanted_types);
END;
CREATE TRIGGER trg_tags_delete_webhooks AFTER DELETE ON tags
BEGIN
    INSERT INTO webhook_events (type, data, occurred_at)
    SELECT 'taxonomy.changed', json_object('kind', 'tag', 'change', 'deleted', 'id', OLD.id, 'slug', OLD.slug), news_now()
    WHERE 'taxonomy.changed' IN (SELECT type FROM webhook_wanted_types);
END;
CREATE TRIGGER trg_authors_insert_webhooks AFTER INSERT ON authors
BEGIN
    INSERT INTO webhook_events (type, data, occurred_at)
    SELECT 'taxonomy.changed', json_object('kind', 'author', 'change', 'created', 'id', NEW.id, 'slug', NEW.slug), news_now()
    WHERE 'taxonomy.changed' IN (SELECT type FROM webhook_wanted_types);
END;
CREATE TRIGGER trg_authors_update_webhooks AFTER UPDATE ON authors
WHEN OLD.name IS NOT NEW.name OR OLD.slug IS NOT NEW.slug OR OLD.bio IS NOT NEW.bio
BEGIN
    INSERT INTO webhook_events (type, data, occurred_at)
    SELECT 'taxonomy.changed', json_object('kind', 'author', 'change', 'updated', 'id', NEW.id, 'slug', NEW.slug), news_now()
    WHERE 'taxonomy.changed' IN (SELECT type FROM webhook_wanted_types);
END;
CREATE TRIGGER trg_authors_delete_webhooks AFTER DELETE ON authors
BEGIN
    INSERT INTO webhook_events (type, data, occurred_at)
    SELECT 'taxonomy.changed', json_object('kind', 'author', 'change', 'deleted', 'id', OLD.id, 'slug', OLD.slug), news_now()
    WHERE 'taxonomy.changed' IN (SELECT type FROM webhook_wanted_types);
END;
