-- A directive's state as of an instant (issue 20) is rebuilt from its audit records that change a
-- unit's track or place, read in (occurred_at, id) order: the emails' records (notices, reminders,
-- escalations: several per unit) are not read, so the index holds only the state kinds and the read
-- finds the directive's state records through it (checked with EXPLAIN over 200,000 mixed records:
-- a bitmap scan of this index, then a sort of the directive's few thousand).
CREATE INDEX audit_log_state_idx ON audit_log (directive_id, occurred_at, id)
  WHERE kind IN ('received', 'acknowledged', 'report', 'correction', 'extension', 'exemption', 'withdrawal',
                 'moved', 'merged', 'split', 'renamed', 'removed');
