-- The organisation directory, the audit log, the email ledger and the unit-state projection.

CREATE TABLE org_units (
  id               text PRIMARY KEY,
  name             text NOT NULL,
  level            text NOT NULL,
  parent_id        text REFERENCES org_units (id) DEFERRABLE INITIALLY DEFERRED,
  email            text NOT NULL,
  members          integer NOT NULL CHECK (members >= 0),
  essays_expected  integer NOT NULL CHECK (essays_expected >= 0),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX org_units_parent_idx ON org_units (parent_id);

CREATE TABLE directives (
  id           text PRIMARY KEY,          -- workflow-id-safe slug of the code
  code         text NOT NULL,
  title        text NOT NULL,
  root_unit_id text NOT NULL,
  spec         jsonb NOT NULL,
  status       text NOT NULL DEFAULT 'active',
  launched_at  timestamptz NOT NULL DEFAULT now()
);

-- Append-only: every report, correction, extension, exemption, escalation and email.
-- dedupe_key makes a retried activity's insert a no-op instead of a second row.
CREATE TABLE audit_log (
  id           bigserial PRIMARY KEY,
  directive_id text NOT NULL,
  unit_id      text,
  kind         text NOT NULL,
  actor        text,
  payload      jsonb NOT NULL DEFAULT '{}'::jsonb,
  dedupe_key   text UNIQUE,
  occurred_at  timestamptz NOT NULL,
  recorded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_unit_idx ON audit_log (directive_id, unit_id, id);

-- One row per email that should exist; the primary key is what makes sending idempotent.
CREATE TABLE email_ledger (
  directive_id text NOT NULL,
  unit_id      text NOT NULL,
  kind         text NOT NULL,             -- notice, reminder, escalation
  step         integer NOT NULL,
  recipient    text NOT NULL,
  message_id   text,
  status       text NOT NULL DEFAULT 'sending',
  created_at   timestamptz NOT NULL DEFAULT now(),
  sent_at      timestamptz,
  PRIMARY KEY (directive_id, unit_id, kind, step)
);

-- Latest known state of each unit in each directive, for listing and paging fast.
CREATE TABLE unit_projection (
  directive_id     text NOT NULL,
  unit_id          text NOT NULL,
  level            text NOT NULL,
  parent_id        text,
  ancestors        text[] NOT NULL DEFAULT '{}',
  status           text NOT NULL,
  deadline         timestamptz,
  received_at      timestamptz,
  completed_at     timestamptz,
  attendees        integer,
  members          integer,
  essays_submitted integer,
  essays_expected  integer,
  version          bigint NOT NULL DEFAULT 0,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (directive_id, unit_id)
);
CREATE INDEX unit_projection_status_idx ON unit_projection (directive_id, status, level, unit_id);
CREATE INDEX unit_projection_ancestors_idx ON unit_projection USING gin (ancestors);
