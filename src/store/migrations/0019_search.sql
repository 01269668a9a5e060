-- Search without accents (issue 18): "chi bo" finds "Chi bộ", "dang uy" finds "Đảng ủy". The unit tables
-- keep their text folded in a generated column, so every writer (imports, launches, reorganisations,
-- tests inserting rows by hand) fills it and the rows already here are filled by this migration.
-- search_fold mirrors foldForSearch (src/domain/text/search-fold.ts) step by step; the query side folds
-- with that function, and test/activities/search-keys.test.ts checks both give the same text.
-- Why not unaccent: it is STABLE (its rules file can change), so no generated column or index may use
-- it, and its rules are not the TypeScript fold's; see docs/decisions.md (2026-12-03, fifth session).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- NFD, combining marks (U+0300-U+036F) removed, Đ/đ as d, ASCII letters lower case (translate, not
-- lower(): lower() of other scripts depends on the server's locale), whitespace runs as one space, trimmed.
CREATE FUNCTION search_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT btrim(regexp_replace(
    translate(regexp_replace(normalize(t, NFD), '[\u0300-\u036f]', '', 'g'), 'ĐđABCDEFGHIJKLMNOPQRSTUVWXYZ', 'ddabcdefghijklmnopqrstuvwxyz'),
    '[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+', ' ', 'g'), ' ')
$$;

-- Name and id in one key, split by U+001F (unit separator), which no name (control characters are
-- refused) and no search (the same) holds: a search never matches across the two.
-- Costs ~0.7 s per 55,000 units of a launch's snapshot (measured on PostgreSQL 15). No trigram index
-- here: every listing is one directive's rows, which the primary key finds first (the planner ignored
-- a trigram index in the measurement and the launch paid another 0.7 s to keep it).
ALTER TABLE directive_units
  ADD COLUMN search_key text GENERATED ALWAYS AS (search_fold(name) || chr(31) || search_fold(unit_id)) STORED;

-- The directory is listed as a whole: a trigram index serves LIKE '%...%' over all of it.
ALTER TABLE org_units
  ADD COLUMN search_key text GENERATED ALWAYS AS (search_fold(name) || chr(31) || search_fold(id)) STORED;
CREATE INDEX org_units_search_idx ON org_units USING gin (search_key gin_trgm_ops);
