-- Levels are data: the directory keeps the levels its units were imported against (top first, with
-- the words pages, reports and emails use), and each directive the levels it was launched with, so
-- importing another shape later never relabels a running directive. Lengths as
-- src/domain/org/levels.ts (LEVEL_BOUNDS) checks them; a level's optional words come in pairs.

CREATE TABLE org_levels (
  position  integer PRIMARY KEY CHECK (position BETWEEN 0 AND 11),
  name      text NOT NULL UNIQUE CHECK (char_length(name) BETWEEN 1 AND 64),
  label_vi  text NOT NULL CHECK (char_length(label_vi) BETWEEN 1 AND 100),
  label_en  text NOT NULL CHECK (char_length(label_en) BETWEEN 1 AND 100),
  plural_vi text CHECK (char_length(plural_vi) BETWEEN 1 AND 200),
  plural_en text CHECK (char_length(plural_en) BETWEEN 1 AND 200),
  short_vi  text CHECK (char_length(short_vi) BETWEEN 1 AND 40),
  short_en  text CHECK (char_length(short_en) BETWEEN 1 AND 40),
  CHECK ((plural_vi IS NULL) = (plural_en IS NULL)),
  CHECK ((short_vi IS NULL) = (short_en IS NULL))
);

-- Every directory and directive before this migration was imported and launched against the 2021
-- four: DEFAULT_LEVEL_DEFINITIONS as it reads on 2026-12-03 (test/activities/org-levels.test.ts
-- compares them).
INSERT INTO org_levels (position, name, label_vi, label_en, plural_vi, plural_en, short_vi, short_en) VALUES
  (0, 'central', 'Trung ương', 'Central', 'cơ quan Trung ương', 'central bodies', 'TW', 'Central'),
  (1, 'province', 'Cấp tỉnh', 'Province level', 'tỉnh ủy, thành ủy', 'provincial and municipal committees', 'Tỉnh', 'Province'),
  (2, 'district', 'Cấp huyện và tương đương', 'District level', 'đảng bộ cấp huyện và tương đương', 'district-level committees', 'Huyện', 'District'),
  (3, 'cell', 'Chi bộ, đảng bộ cơ sở', 'Party cells, grassroots', 'chi bộ, đảng bộ cơ sở', 'party cells and grassroots organisations', 'Cơ sở', 'Cells');

-- The directive's own copy, as LevelDefinition objects top first. The default fills the rows that
-- exist and is then dropped: every launch records the levels it validated the directory against.
ALTER TABLE directives ADD COLUMN levels jsonb NOT NULL DEFAULT '[
  {"name": "central", "label": {"vi": "Trung ương", "en": "Central"}, "plural": {"vi": "cơ quan Trung ương", "en": "central bodies"}, "short": {"vi": "TW", "en": "Central"}},
  {"name": "province", "label": {"vi": "Cấp tỉnh", "en": "Province level"}, "plural": {"vi": "tỉnh ủy, thành ủy", "en": "provincial and municipal committees"}, "short": {"vi": "Tỉnh", "en": "Province"}},
  {"name": "district", "label": {"vi": "Cấp huyện và tương đương", "en": "District level"}, "plural": {"vi": "đảng bộ cấp huyện và tương đương", "en": "district-level committees"}, "short": {"vi": "Huyện", "en": "District"}},
  {"name": "cell", "label": {"vi": "Chi bộ, đảng bộ cơ sở", "en": "Party cells, grassroots"}, "plural": {"vi": "chi bộ, đảng bộ cơ sở", "en": "party cells and grassroots organisations"}, "short": {"vi": "Cơ sở", "en": "Cells"}}
]'::jsonb;
ALTER TABLE directives ALTER COLUMN levels DROP DEFAULT;
