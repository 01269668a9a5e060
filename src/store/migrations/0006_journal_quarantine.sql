-- Journal entries PostgreSQL refused for good: a data exception (SQLSTATE class 22: a count beyond
-- int4, a NUL in a text or JSON value), an integrity violation (23) or a program limit (54). Before,
-- one such entry failed its whole batch on every retry, for ever: the committee's journal activity
-- never completed, the rest of the batch stayed unwritten and a withdrawn committee never closed.
-- recordJournal now writes the rest of the batch and keeps each refused entry here, once, for the
-- secretariat (`cascade quarantine`, GET /api/directives/:id/quarantine, the dashboard).
CREATE TABLE journal_quarantine (
  id             bigserial PRIMARY KEY,
  directive_id   text NOT NULL,
  unit_id        text,
  entry_type     text NOT NULL CHECK (entry_type IN ('audit', 'projection')),
  -- The audit record's kind (report, correction, ...) or the projection row's status.
  kind           text NOT NULL,
  -- The entry as JSON text, not jsonb: JSON.stringify writes NUL and lone surrogates as \u escapes,
  -- so every entry fits a text column, while jsonb refuses \u0000 (the very thing that may have
  -- been refused). The text columns above are escaped the same way by the writer.
  entry_json     text NOT NULL,
  -- sha256 of type and JSON: the same entry refused again (a retried activity, the committee
  -- writing what its caller already tried) is kept, and alerted, once.
  entry_key      text NOT NULL UNIQUE,
  error_code     text NOT NULL,
  error_message  text NOT NULL,
  quarantined_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX journal_quarantine_directive_idx ON journal_quarantine (directive_id, id);
