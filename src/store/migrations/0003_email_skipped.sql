-- A reminder or escalation that was queued before its unit reported (or was exempted or withdrawn)
-- and could only be sent after, because SMTP was down, is skipped rather than sent late.
ALTER TABLE email_ledger DROP CONSTRAINT email_ledger_status_check;
ALTER TABLE email_ledger ADD CONSTRAINT email_ledger_status_check CHECK (status IN ('sending', 'sent', 'failed', 'skipped'));
