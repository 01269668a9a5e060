-- Reorganisations whose effective instant is ahead are recorded when they are scheduled, before
-- the directory changes: until then they have no directory change and, when they reach every
-- running directive, no list of directives yet (those running at the effective instant).
ALTER TABLE reorganisations ALTER COLUMN org_change_id DROP NOT NULL;
ALTER TABLE reorganisations ALTER COLUMN directive_ids DROP NOT NULL;
ALTER TABLE reorganisations ADD COLUMN status text NOT NULL DEFAULT 'applied'
  CHECK (status IN ('scheduled', 'applied', 'finished', 'failed', 'cancelled'));
ALTER TABLE reorganisations ADD COLUMN error text;
UPDATE reorganisations SET status = 'finished' WHERE finished_at IS NOT NULL;
