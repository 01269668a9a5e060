-- People who sign in by email (secretariat, supervisors, inspectors), the single-use sign-in links
-- emailed to them, and their server sessions. A session is a row of `credentials` (kind 'session'),
-- so the revocation list every request is checked against (read once per 5 s) covers it as it
-- covers access tokens.
CREATE TABLE people (
  id           text PRIMARY KEY,            -- a random id (UUID); never the email, which a person may change
  email        text NOT NULL UNIQUE CHECK (char_length(email) BETWEEN 3 AND 254 AND email = lower(email)),
  name         text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
  role         text NOT NULL CHECK (role IN ('secretariat', 'supervisor', 'inspector')),
  unit_id      text CHECK (char_length(unit_id) BETWEEN 1 AND 200),  -- a supervisor's or inspector's committee; a committee secretariat's
  added_at     timestamptz NOT NULL DEFAULT now(),
  added_by     text NOT NULL CHECK (char_length(added_by) BETWEEN 1 AND 300),
  disabled_at  timestamptz,
  disabled_by  text CHECK (char_length(disabled_by) BETWEEN 1 AND 300),
  CHECK (role = 'secretariat' OR unit_id IS NOT NULL),
  CHECK ((disabled_at IS NULL) = (disabled_by IS NULL))
);

-- One row per sign-in link emailed: the link is single-use (used_at set when it is consumed) and
-- short-lived (expires_at); the link itself carries this id, signed.
CREATE TABLE sign_in_links (
  id          text PRIMARY KEY,
  person_id   text NOT NULL REFERENCES people (id),
  issued_at   timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz
);
CREATE INDEX sign_in_links_person_idx ON sign_in_links (person_id, issued_at DESC);

-- Sessions join the credentials: kind 'session', the person, when last seen and from which browser.
ALTER TABLE credentials DROP CONSTRAINT credentials_kind_check;
ALTER TABLE credentials ADD CONSTRAINT credentials_kind_check CHECK (kind IN ('access-token', 'session', 'report-links', 'inbox-links'));
ALTER TABLE credentials
  ADD COLUMN person_id text REFERENCES people (id),
  ADD COLUMN last_seen_at timestamptz,
  ADD COLUMN user_agent text CHECK (char_length(user_agent) <= 300);
-- 0014's rule "every row but a token is a revoked link family" becomes "every link family row is revoked".
ALTER TABLE credentials DROP CONSTRAINT credentials_check1;
ALTER TABLE credentials ADD CONSTRAINT credentials_family_check
  CHECK (kind NOT IN ('report-links', 'inbox-links') OR (unit_id IS NOT NULL AND revoked_at IS NOT NULL));
ALTER TABLE credentials ADD CONSTRAINT credentials_session_check
  CHECK (kind <> 'session' OR (person_id IS NOT NULL AND subject IS NOT NULL AND role IS NOT NULL AND issued_at IS NOT NULL
                               AND issued_by IS NOT NULL AND expires_at IS NOT NULL));
CREATE INDEX credentials_sessions_idx ON credentials (person_id, issued_at DESC) WHERE kind = 'session';
