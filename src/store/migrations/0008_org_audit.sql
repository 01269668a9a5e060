-- The directory's audit trail: every change to org_units (an import, a subtree import, one unit
-- added, edited or removed) with who made it, written in the same transaction as the change.
-- `change_id` groups the rows of one operation; a unit's row holds the unit before and after
-- (null when added or removed); an import's summary row has action 'import' and the counts.
-- Running directives are not in it: they run on their own snapshot (directive_units).

CREATE SEQUENCE org_audit_change_seq;

CREATE TABLE org_audit (
  id          bigserial PRIMARY KEY,
  change_id   bigint NOT NULL,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  actor       text NOT NULL CHECK (char_length(actor) BETWEEN 1 AND 300),
  action      text NOT NULL CHECK (action IN ('import', 'add', 'update', 'remove')),
  unit_id     text,
  before      jsonb,
  after       jsonb
);
CREATE INDEX org_audit_unit_idx ON org_audit (unit_id, id);
