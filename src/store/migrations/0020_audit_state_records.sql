-- A directive's state as of an instant (issue 20) is rebuilt from its audit records that change a
-- unit's track or place, read in (occurred_at, id) order: the emails' records (notices, reminders,
-- escalations: several per unit) are not read, so the index holds only the state kinds, and the
-- read walks the directive's part of it in order instead of sorting every record of the directive.
CREATE INDEX audit_log_state_idx ON audit_log (directive_id, occurred_at, id)
  WHERE kind IN ('received', 'acknowledged', 'report', 'correction', 'extension', 'exemption', 'withdrawal',
                 'moved', 'merged', 'split', 'renamed', 'removed');
