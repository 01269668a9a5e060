-- A directive's withdrawal records, found without reading its other audit records. The withdrawal
-- lookup (src/store/withdrawal-record.ts) looks for any unit's record when the root has none, which
-- is every time a directive is not withdrawn; without this index that read went through all of the
-- directive's state records (55,000 and more at national scale), and a command whose committee had
-- ended in a reorganisation made it on every attempt. Only withdrawal records are in it: one per
-- unit still open when a directive is withdrawn, none otherwise.
CREATE INDEX audit_log_withdrawal_idx ON audit_log (directive_id, id) WHERE kind = 'withdrawal';
