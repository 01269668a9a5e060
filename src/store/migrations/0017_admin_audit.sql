-- The administration audit trail: launches, withdrawals, organisation imports and edits,
-- reorganisations, calendar applications, credentials issued and revoked (and sessions and
-- invitations), each with the actor its credential proves. `actor_kind` says how the actor is known:
-- 'token', 'session' or 'link' (the credential's id is in `actor_credential`), or 'declared' (the
-- CLI's free-text --actor, or the start script: nothing verified it). `scope_path` is the unit the
-- action touched and its ancestors in the directory when it was recorded (empty: the whole
-- directory or nation), so a committee secretariat lists its subtree's actions even after the unit
-- moves. `idempotency_key` makes a retried recording (after a Temporal start or signal) a no-op.
-- Never holds a token's or link's value: ids, counts and names only.
CREATE TABLE admin_audit (
  id                bigserial PRIMARY KEY,
  at                timestamptz NOT NULL DEFAULT now(),
  action            text NOT NULL CHECK (action ~ '^[a-z][a-z-]{1,39}$'),
  target            text NOT NULL CHECK (char_length(target) BETWEEN 1 AND 300),
  scope_unit        text CHECK (char_length(scope_unit) BETWEEN 1 AND 200),
  scope_path        text[] NOT NULL DEFAULT '{}',
  details           jsonb NOT NULL DEFAULT '{}'::jsonb,
  actor_kind        text NOT NULL CHECK (actor_kind IN ('token', 'session', 'link', 'declared')),
  actor_credential  text CHECK (char_length(actor_credential) BETWEEN 1 AND 200),
  actor_sub         text NOT NULL CHECK (char_length(actor_sub) BETWEEN 1 AND 300),
  actor_role        text CHECK (char_length(actor_role) BETWEEN 1 AND 40),
  actor_unit        text CHECK (char_length(actor_unit) BETWEEN 1 AND 200),
  idempotency_key   text UNIQUE CHECK (char_length(idempotency_key) BETWEEN 1 AND 400),
  CHECK ((actor_kind = 'declared') = (actor_credential IS NULL))
);
CREATE INDEX admin_audit_scope_idx ON admin_audit USING gin (scope_path);
CREATE INDEX admin_audit_action_idx ON admin_audit (action, id DESC);
