-- The weekly digest to each committee: one row per (unit, week) it was sent or is being sent, so a
-- repeated run (an activity retry, a second worker) sends nothing twice; and the units that opted
-- out of it, with when and by whom, for the secretariat to see.
CREATE TABLE digest_sends (
  unit_id    text NOT NULL,
  week       text NOT NULL,             -- ISO week of the digest's Monday, e.g. 2027-W19
  recipient  text NOT NULL,
  message_id text NOT NULL,
  status     text NOT NULL DEFAULT 'sending' CHECK (status IN ('sending', 'sent', 'failed')),
  claimed_at timestamptz NOT NULL DEFAULT now(),
  sent_at    timestamptz,
  error      text,
  payload    jsonb NOT NULL DEFAULT '{}'::jsonb,
  PRIMARY KEY (unit_id, week)
);

CREATE TABLE digest_opt_outs (
  unit_id       text PRIMARY KEY,
  opted_out_at  timestamptz NOT NULL DEFAULT now(),
  actor         text NOT NULL
);
