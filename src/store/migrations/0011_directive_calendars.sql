-- The working calendar each directive runs with: the same data its committees were given at
-- launch or when the secretariat last applied one, so timelines and previews show the instants the
-- committees keep. Null for directives launched before calendars (they keep plain day arithmetic).
ALTER TABLE directives ADD COLUMN calendar jsonb;
