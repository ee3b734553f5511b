-- Draft previews (issue 16). Preview tokens are sealed with ASP.NET Core Data Protection; its key ring lives here, in
-- the database every instance shares, so a token made by one instance opens on any other (a key ring kept in each
-- instance's file system would not), and a backup carries it. Rows are the XML elements Data Protection asks to keep
-- (keys and revocations), never edited or deleted by the application: Data Protection itself decides which key is
-- current from them. Keys are stored unencrypted, like the deployment secret (commenter_token_key): whoever can read
-- this database can read the drafts a token would show.
CREATE TABLE data_protection_keys (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    friendly_name TEXT    NOT NULL,   -- e.g. key-<guid>, revocation-<date>: Data Protection's own name for the element
    xml           TEXT    NOT NULL
);
