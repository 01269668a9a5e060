-- Inspectors (inspection commissions) read a subtree and write nothing; every request one makes is
-- recorded here, so the secretariat can list who read what and when. Written after the answer is
-- sent (src/app/access-log.ts), so a row is the request's outcome, not its intent.
ALTER TABLE credentials DROP CONSTRAINT credentials_role_check;
ALTER TABLE credentials ADD CONSTRAINT credentials_role_check CHECK (role IN ('secretariat', 'supervisor', 'inspector', 'unit'));

CREATE TABLE inspector_access_log (
  id            bigserial PRIMARY KEY,     -- the order the requests were answered in (one writer queue per process)
  at            timestamptz NOT NULL,      -- when the request arrived
  subject       text NOT NULL CHECK (char_length(subject) BETWEEN 1 AND 200),
  token_id      text NOT NULL CHECK (char_length(token_id) BETWEEN 1 AND 64),
  unit_id       text NOT NULL,             -- the inspector's own committee
  method        text NOT NULL CHECK (char_length(method) BETWEEN 1 AND 10),
  route         text NOT NULL CHECK (char_length(route) BETWEEN 1 AND 300),  -- the route's pattern, e.g. /api/directives/:id/units/:unitId/timeline
  path          text NOT NULL CHECK (char_length(path) BETWEEN 1 AND 500),   -- the path asked for, without its query
  directive_id  text CHECK (char_length(directive_id) BETWEEN 1 AND 200),
  target_unit   text CHECK (char_length(target_unit) BETWEEN 1 AND 200),
  status        integer NOT NULL CHECK (status BETWEEN 100 AND 599)
);
CREATE INDEX inspector_access_log_subject_idx ON inspector_access_log (subject, id DESC);
