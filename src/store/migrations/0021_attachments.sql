-- Files a unit attaches to its report (issue 21, item 3): its plan or minutes as PDF, DOCX, PNG or
-- JPEG, at most 20 MiB, the type told from the bytes (src/domain/attachment/file-kind.ts). Kept here
-- rather than in an object store: one system to back up, and a file, the row that lists it and its
-- audit record commit or roll back together. The bytes are rows of 256 KiB (bytea), written as the
-- upload streams in and read back one at a time, so neither side ever holds a whole file.
CREATE TABLE attachments (
  id            bigint PRIMARY KEY,        -- taken from attachments_id_seq before the bytes stream in
  directive_id  text NOT NULL CHECK (char_length(directive_id) BETWEEN 1 AND 200),
  unit_id       text NOT NULL CHECK (char_length(unit_id) BETWEEN 1 AND 200),
  file_name     text NOT NULL CHECK (char_length(file_name) BETWEEN 1 AND 255),
  content_type  text NOT NULL CHECK (content_type IN ('application/pdf',
                  'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'image/png', 'image/jpeg')),
  size_bytes    integer NOT NULL CHECK (size_bytes BETWEEN 1 AND 20971520),
  sha256        text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  uploaded_by   text NOT NULL CHECK (char_length(uploaded_by) BETWEEN 1 AND 200),
  uploaded_at   timestamptz NOT NULL DEFAULT now(),
  -- A later upload (a correction's) replaces this one; the replaced file stays, listed and downloadable.
  replaced_at   timestamptz,
  replaced_by   bigint REFERENCES attachments (id)
);
CREATE SEQUENCE attachments_id_seq OWNED BY attachments.id;
-- One current attachment per unit report.
CREATE UNIQUE INDEX attachments_current_idx ON attachments (directive_id, unit_id) WHERE replaced_at IS NULL;
CREATE INDEX attachments_unit_idx ON attachments (directive_id, unit_id, id);

-- The bytes, in order. The reference is checked at commit: the chunks are written before their
-- attachment's row, which needs the size and hash known only at the end.
CREATE TABLE attachment_chunks (
  attachment_id bigint NOT NULL REFERENCES attachments (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  seq           integer NOT NULL CHECK (seq >= 0),
  data          bytea NOT NULL CHECK (octet_length(data) BETWEEN 1 AND 262144),
  PRIMARY KEY (attachment_id, seq)
);
