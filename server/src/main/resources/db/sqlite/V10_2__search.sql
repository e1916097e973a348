-- Full-text search (MSG-7). Two external-content FTS5 indexes over messages.text, kept by triggers:
-- words (unicode61, diacritics folded: "cafe" finds "café") and trigrams (substrings, and scripts
-- written without spaces). Only posts have text: room events and tombstones are never indexed, and
-- deleting a message (text set to NULL) or editing it updates both indexes in the same transaction.
-- prefix = '2 3': a query for a word's first two or three letters reads one prefix list instead of
-- merging the lists of every word that starts so (all of them, for a frequent start like "th").
CREATE VIRTUAL TABLE messages_words USING fts5(text, content = 'messages', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
CREATE VIRTUAL TABLE messages_grams USING fts5(text, content = 'messages', content_rowid = 'id',
    tokenize = 'trigram');

INSERT INTO messages_words (rowid, text) SELECT id, text FROM messages WHERE text IS NOT NULL;
INSERT INTO messages_grams (rowid, text) SELECT id, text FROM messages WHERE text IS NOT NULL;

CREATE TRIGGER messages_search_insert AFTER INSERT ON messages WHEN new.text IS NOT NULL BEGIN
    INSERT INTO messages_words (rowid, text) VALUES (new.id, new.text);
    INSERT INTO messages_grams (rowid, text) VALUES (new.id, new.text);
END;

CREATE TRIGGER messages_search_update AFTER UPDATE OF text ON messages BEGIN
    INSERT INTO messages_words (messages_words, rowid, text) SELECT 'delete', old.id, old.text WHERE old.text IS NOT NULL;
    INSERT INTO messages_grams (messages_grams, rowid, text) SELECT 'delete', old.id, old.text WHERE old.text IS NOT NULL;
    INSERT INTO messages_words (rowid, text) SELECT new.id, new.text WHERE new.text IS NOT NULL;
    INSERT INTO messages_grams (rowid, text) SELECT new.id, new.text WHERE new.text IS NOT NULL;
END;
