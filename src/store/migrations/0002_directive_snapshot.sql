-- The directive's own copy of the organisation, frozen at launch: the org directory may change
-- later, but a running cascade must keep answering "who is in it" the same way (a later feature
-- moves subtrees mid-cascade by editing this snapshot, never org_units).
-- No foreign key to directives: prepareDirective writes both in one transaction, and the per-row
-- FK check alone cost ~0.6 s of a 60,000-unit snapshot (2.1 s → 1.5 s without it).

CREATE TABLE directive_units (
  directive_id    text NOT NULL,
  unit_id         text NOT NULL,
  parent_id       text,                  -- NULL for the cascade root: the snapshot is a tree of its own
  level           text NOT NULL,
  name            text NOT NULL,
  email           text NOT NULL,
  members         integer NOT NULL,
  essays_expected integer NOT NULL,
  has_children    boolean NOT NULL,      -- such a unit runs a committee workflow of its own
  holder_id       text NOT NULL,         -- committee workflow holding this unit's state: itself if has_children (or root), else its parent
  ancestors       text[] NOT NULL,       -- nearest first, up to the cascade root; '{}' for the root
  depth           integer NOT NULL,      -- 0 for the root
  PRIMARY KEY (directive_id, unit_id)
);
-- A committee loads its direct children.
CREATE INDEX directive_units_children_idx ON directive_units (directive_id, parent_id, unit_id);
-- Subtree queries: ancestors @> ARRAY['QN'].
CREATE INDEX directive_units_ancestors_idx ON directive_units USING gin (ancestors);

-- A permanently rejected email (SMTP 5xx) is recorded, not retried; `error` says why.
ALTER TABLE email_ledger ADD COLUMN error text;
ALTER TABLE email_ledger ADD CONSTRAINT email_ledger_status_check CHECK (status IN ('sending', 'sent', 'failed'));
