-- Secret directives (spec `secret: true`) are read only by the units they reach and the readers named
-- at launch; every read of one, by anyone, API or dashboard, is recorded here after it is answered
-- (src/app/secret-reads.ts), refused reads included (status 404), so the secretariat can list who
-- read which, when, and with what credential. The directive's code and title are not copied here.
CREATE TABLE secret_directive_reads (
  id            bigserial PRIMARY KEY,     -- the order the reads were answered in (one writer queue per process)
  at            timestamptz NOT NULL,      -- when the request arrived
  directive_id  text NOT NULL CHECK (char_length(directive_id) BETWEEN 1 AND 200),
  subject       text NOT NULL CHECK (char_length(subject) BETWEEN 1 AND 200),
  role          text NOT NULL CHECK (char_length(role) BETWEEN 1 AND 30),    -- the caller's kind: secretariat, supervisor, inspector, unit, report-link, inbox-link
  credential    text CHECK (char_length(credential) BETWEEN 1 AND 64),      -- its token or session id, when it has one
  unit_id       text CHECK (char_length(unit_id) BETWEEN 1 AND 200),        -- the caller's own unit (null for the central secretariat)
  method        text NOT NULL CHECK (char_length(method) BETWEEN 1 AND 10),
  route         text NOT NULL CHECK (char_length(route) BETWEEN 1 AND 300),
  path          text NOT NULL CHECK (char_length(path) BETWEEN 1 AND 500),  -- the path asked for, without its query
  target_unit   text CHECK (char_length(target_unit) BETWEEN 1 AND 200),
  status        integer NOT NULL CHECK (status BETWEEN 100 AND 599)
);
CREATE INDEX secret_directive_reads_directive_idx ON secret_directive_reads (directive_id, id DESC);
