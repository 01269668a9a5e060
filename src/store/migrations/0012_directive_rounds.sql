-- A periodic directive's report rounds (sơ kết 6 tháng, tổng kết năm) are directives of their own:
-- each its own cascade, statuses and rollups, opened when its window opens. They name the directive
-- they belong to and the round they are.
ALTER TABLE directives ADD COLUMN parent_id text REFERENCES directives (id);
ALTER TABLE directives ADD COLUMN round jsonb;
CREATE INDEX directives_parent_idx ON directives (parent_id) WHERE parent_id IS NOT NULL;
