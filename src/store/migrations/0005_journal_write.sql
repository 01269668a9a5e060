-- One call writes a journal batch: the advisory locks of its rollup scopes, its audit records and
-- its projection rows, in the transaction of the call. Before, recordJournal spent five round
-- trips on a single report (BEGIN, the locks, the audit insert, the projection upsert, COMMIT);
-- a report's caller writes its entries before answering, so at 100 reports/s those round trips
-- were a good part of the caller's and PostgreSQL's CPU. Each column travels as one array.
--
-- Why the locks (see activities/record-journal.ts): every unit of one scope shares the counter rows
-- its trigger updates; one advisory lock per (directive, scope), taken before anything else and in
-- key order, makes two writers of one scope queue instead of deadlocking on them. The two-key form
-- keeps these apart from the single-key lock of db/migrate.ts; a hash collision only serialises two
-- scopes needlessly.

-- Takes the advisory locks of the rollup scopes (parents) of the given units. Only units with a
-- parent are counted, so only their scopes are locked. A volatile select-list function runs after
-- the ORDER BY sort, so the locks are taken in key order. Taking a lock the transaction already
-- holds is harmless, so a caller may lock a whole batch first and then write it in parts.
CREATE OR REPLACE FUNCTION journal_lock_scopes(directive_ids text[], scope_ids text[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(k.directive_key, k.scope_key)
  FROM (SELECT DISTINCT hashtext(t.directive_id) AS directive_key, hashtext(t.scope_id) AS scope_key
        FROM unnest(directive_ids, scope_ids) AS t(directive_id, scope_id)
        WHERE t.scope_id IS NOT NULL) AS k
  ORDER BY k.directive_key, k.scope_key;
END
$$;

-- The whole batch, locks first.
CREATE OR REPLACE FUNCTION journal_write(
  a_directive_id text[], a_unit_id text[], a_kind text[], a_actor text[], a_payload jsonb[], a_occurred_at timestamptz[], a_dedupe_key text[],
  p_directive_id text[], p_unit_id text[], p_level text[], p_parent_id text[], p_ancestors jsonb[], p_status text[],
  p_deadline timestamptz[], p_received_at timestamptz[], p_completed_at timestamptz[], p_attendees int[], p_members int[],
  p_essays_submitted int[], p_essays_expected int[], p_version bigint[],
  OUT audit integer, OUT projections integer)
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM journal_lock_scopes(p_directive_id, p_parent_id);

  INSERT INTO audit_log (directive_id, unit_id, kind, actor, payload, occurred_at, dedupe_key)
  SELECT * FROM unnest(a_directive_id, a_unit_id, a_kind, a_actor, a_payload, a_occurred_at, a_dedupe_key)
  ON CONFLICT (dedupe_key) DO NOTHING;
  GET DIAGNOSTICS audit = ROW_COUNT;

  -- ancestors is a list per row, which a flat array cannot carry, so each travels as JSON. The WHERE
  -- on DO UPDATE makes an older or replayed version a no-op (ROW_COUNT counts only real writes).
  INSERT INTO unit_projection (directive_id, unit_id, level, parent_id, ancestors, status, deadline, received_at,
                               completed_at, attendees, members, essays_submitted, essays_expected, version)
  SELECT r.directive_id, r.unit_id, r.level, r.parent_id, ARRAY(SELECT jsonb_array_elements_text(r.ancestors)),
         r.status, r.deadline, r.received_at, r.completed_at, r.attendees, r.members, r.essays_submitted,
         r.essays_expected, r.version
  FROM unnest(p_directive_id, p_unit_id, p_level, p_parent_id, p_ancestors, p_status, p_deadline, p_received_at,
              p_completed_at, p_attendees, p_members, p_essays_submitted, p_essays_expected, p_version)
       AS r(directive_id, unit_id, level, parent_id, ancestors, status, deadline, received_at, completed_at,
            attendees, members, essays_submitted, essays_expected, version)
  ON CONFLICT (directive_id, unit_id) DO UPDATE SET
    level = EXCLUDED.level, parent_id = EXCLUDED.parent_id, ancestors = EXCLUDED.ancestors,
    status = EXCLUDED.status, deadline = EXCLUDED.deadline, received_at = EXCLUDED.received_at,
    completed_at = EXCLUDED.completed_at, attendees = EXCLUDED.attendees, members = EXCLUDED.members,
    essays_submitted = EXCLUDED.essays_submitted, essays_expected = EXCLUDED.essays_expected,
    version = EXCLUDED.version, updated_at = now()
  WHERE unit_projection.version < EXCLUDED.version;
  GET DIAGNOSTICS projections = ROW_COUNT;
END
$$;
