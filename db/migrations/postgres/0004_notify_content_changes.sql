-- Tells every listening instance that public content changed (issue 14): each transaction that moves the content
-- version (the bump_content_state* triggers of 0001, or anyone updating content_state by hand) sends a NOTIFY on the
-- channel newsapi_content, which the server delivers when, and only if, that transaction commits. The application
-- LISTENs on a dedicated connection (Data/Postgres/PostgresContentChanges.cs) and re-reads content_state on each one.
--
-- One statement-level trigger on content_state rather than a pg_notify in each of the three bump functions: every
-- path that moves the version goes through this table, so none can be missed, and 0001's functions stay as they are.
-- The payload is empty on purpose: PostgreSQL folds identical notifications of one transaction into one, so a bulk
-- write that bumps the version a thousand times wakes listeners once; they read the version itself from the row.

CREATE FUNCTION notify_content_changed() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM pg_notify('newsapi_content', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER trg_content_state_notifies AFTER UPDATE ON content_state
FOR EACH STATEMENT EXECUTE FUNCTION notify_content_changed();
