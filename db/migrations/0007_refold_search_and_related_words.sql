-- One text folding (issue 13): search and related words now fold through Text/TextFolding, which also drops soft
-- hyphens, word joiners and the other invisible characters, and folds Cyrillic and Greek look-alikes to Latin.
-- What the index and related_words hold for existing articles was folded the earlier way, so a query folded the
-- new way could miss them: index every article again, and queue every article for its related words (the
-- service drains the queue in the background, and a related request indexes what is still queued first).
-- Cached answers and validators depend on the index, so the content version moves on.
INSERT INTO search_index (search_index) VALUES ('delete-all');
INSERT INTO search_index (rowid, title, title_stem, lead, lead_stem, body, body_stem, tags, tags_stem)
SELECT id, title, title_stem, lead, lead_stem, body, body_stem, tags, tags_stem FROM search_documents;
INSERT OR IGNORE INTO related_words_pending (article_id) SELECT id FROM articles;
UPDATE content_state SET version = version + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = 1;
