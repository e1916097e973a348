-- Full-text search (MSG-7). Words: a 'simple' tsvector (lower-cased, no stemming, so any language)
-- of the text with diacritics folded ("cafe" finds "café", as on SQLite), generated from the text so
-- an edit or a deletion (text set to NULL) updates it in the same row write; a GIN index serves it.
-- Substrings, and scripts written without spaces: pg_trgm's GIN index under ILIKE.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;

-- unaccent() is only STABLE (its dictionary could change); a generated column needs IMMUTABLE,
-- so this wrapper names the dictionary explicitly, the usual way to index unaccented text.
CREATE FUNCTION confab_fold(t text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, t) $$;

ALTER TABLE messages ADD COLUMN search tsvector
    GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, confab_fold(coalesce(text, '')))) STORED;
CREATE INDEX messages_search ON messages USING gin (search);
CREATE INDEX messages_text_trgm ON messages USING gin (text gin_trgm_ops);
