-- Reorganisation plans as applied: the plan, when it takes effect, who applied it, what it changed
-- in the directory (the changes that the running directives then follow), and which directives it
-- has been carried into so far. Written in the transaction that changes the directory, so a plan
-- applied again after a failure resumes the directives it has not finished instead of being
-- refused against a directory it already changed.

CREATE TABLE reorganisations (
  id            text PRIMARY KEY,
  plan          jsonb NOT NULL,
  effective_at  timestamptz NOT NULL,
  actor         text NOT NULL CHECK (char_length(actor) BETWEEN 1 AND 300),
  org_change_id bigint NOT NULL,
  changes       jsonb NOT NULL,
  -- The running directives it reaches (ids), fixed when it is applied.
  directive_ids text[] NOT NULL,
  -- directive id → what the reorganisation did there, once done.
  outcomes      jsonb NOT NULL DEFAULT '{}',
  applied_at    timestamptz NOT NULL DEFAULT now(),
  finished_at   timestamptz
);
