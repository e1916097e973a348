-- The terms of the word index, so a query for a word's first four or more letters can name the
-- words that start so instead of asking FTS5 for a prefix (see SqliteSearchIndex.wordMatch).
CREATE VIRTUAL TABLE messages_words_vocab USING fts5vocab(messages_words, 'row');
