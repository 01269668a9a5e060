-- Revocable credentials: one row per access token issued (its id is the token's `jti` claim) and one
-- row per link family the secretariat revoked (every report link of a unit in a directive, or in all
-- its directives, or every inbox link of a unit). Links carry no id of their own, so a family row
-- is their revocation: links of the family minted at or before `revoked_at` are refused, links
-- minted after it work (the next email, or the inbox page, brings the unit a fresh one).
CREATE TABLE credentials (
  id             text PRIMARY KEY,          -- jti; or report-links:UNIT:DIRECTIVE|*, inbox-links:UNIT
  kind           text NOT NULL CHECK (kind IN ('access-token', 'report-links', 'inbox-links')),
  unit_id        text,                      -- the token's unit (null for the secretariat); the family's unit
  directive_id   text,                      -- report-links of one directive; null: every directive
  subject        text,
  role           text CHECK (role IN ('secretariat', 'supervisor', 'unit')),
  issued_at      timestamptz,
  issued_by      text,
  expires_at     timestamptz,
  revoked_at     timestamptz,
  revoked_by     text CHECK (char_length(revoked_by) BETWEEN 1 AND 300),
  revoke_reason  text CHECK (char_length(revoke_reason) BETWEEN 1 AND 500),
  CHECK (kind <> 'access-token' OR (subject IS NOT NULL AND role IS NOT NULL AND issued_at IS NOT NULL AND issued_by IS NOT NULL AND expires_at IS NOT NULL)),
  CHECK (kind = 'access-token' OR (unit_id IS NOT NULL AND revoked_at IS NOT NULL)),
  CHECK (kind = 'report-links' OR directive_id IS NULL),
  CHECK ((revoked_at IS NULL) = (revoked_by IS NULL) AND (revoked_at IS NULL) = (revoke_reason IS NULL))
);
-- What every request is checked against: the revocations still worth knowing (unexpired tokens, families).
CREATE INDEX credentials_revoked_idx ON credentials (revoked_at) WHERE revoked_at IS NOT NULL;
CREATE INDEX credentials_issued_idx ON credentials (issued_at DESC) WHERE kind = 'access-token';

-- Issuing and revoking credentials is administration: it goes into the directory's audit trail.
ALTER TABLE org_audit DROP CONSTRAINT org_audit_action_check;
ALTER TABLE org_audit ADD CONSTRAINT org_audit_action_check
  CHECK (action IN ('import', 'add', 'update', 'remove', 'token-issue', 'token-revoke', 'links-revoke'));
