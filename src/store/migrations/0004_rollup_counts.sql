-- Supervisors' rollups read from PostgreSQL instead of from workflow queries: one counter row per
-- (directive, scope, level, status), scope being the unit's parent committee. A subtree rollup is
-- then the sum of the counter rows of the committees in it (a few hundred rows for a national
-- directive) instead of a scan of its tens of thousands of projection rows.
--
-- Only units with a parent are counted: the cascade root is never tracked, so it has no row here.

CREATE TABLE unit_rollup_counts (
  directive_id       text NOT NULL,
  scope_id           text NOT NULL,      -- the units' parent_id
  level              text NOT NULL,
  status             text NOT NULL,      -- the projection's TrackStatus (eight values)
  units              integer NOT NULL DEFAULT 0,
  -- Report figures, summed only over done units (done-on-time, done-late), as unitRollup counts them.
  attendees          bigint NOT NULL DEFAULT 0,
  members            bigint NOT NULL DEFAULT 0,
  essays_submitted   bigint NOT NULL DEFAULT 0,
  essays_expected    bigint NOT NULL DEFAULT 0,
  -- The done unit with the earliest completed_at (ties: smaller unit_id in byte order, as JS compares ids).
  first_unit_id      text,
  first_completed_at timestamptz,
  PRIMARY KEY (directive_id, scope_id, level, status)
);

-- The national rollup's first finisher: a top-1 read of this index instead of a sort of every done
-- counter row. Updates that leave first_* alone (nearly all) can stay HOT.
CREATE INDEX unit_rollup_counts_first_idx ON unit_rollup_counts (directive_id, first_completed_at, first_unit_id COLLATE "C")
  WHERE first_completed_at IS NOT NULL;

-- The committees under a unit, whose scopes make up its subtree: a few hundred entries per directive
-- instead of every unit in directive_units_ancestors_idx (at 55,000 units: ~2 ms instead of ~12 ms
-- for all committees under the root).
CREATE INDEX directive_units_committees_idx ON directive_units USING gin (ancestors) WHERE has_children;

-- True when (a_at, a_id) finished strictly before (b_at, b_id); a missing candidate never wins.
-- COLLATE "C": byte order, so the tie-break agrees with mergeRollups whatever the cluster locale.
CREATE FUNCTION unit_rollup_finished_before(a_at timestamptz, a_id text, b_at timestamptz, b_id text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT a_at IS NOT NULL
     AND (b_at IS NULL OR a_at < b_at OR (a_at = b_at AND a_id COLLATE "C" < b_id COLLATE "C"))
$$;

-- Adds one projection row's contribution to its counter row, creating the row on first use.
CREATE FUNCTION unit_rollup_counts_add(r unit_projection) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  done boolean := r.status IN ('done-on-time', 'done-late');
BEGIN
  IF r.parent_id IS NULL THEN
    RETURN;
  END IF;
  INSERT INTO unit_rollup_counts AS c (directive_id, scope_id, level, status, units, attendees, members,
                                       essays_submitted, essays_expected, first_unit_id, first_completed_at)
  VALUES (r.directive_id, r.parent_id, r.level, r.status, 1,
          CASE WHEN done THEN coalesce(r.attendees, 0) ELSE 0 END,
          CASE WHEN done THEN coalesce(r.members, 0) ELSE 0 END,
          CASE WHEN done THEN coalesce(r.essays_submitted, 0) ELSE 0 END,
          CASE WHEN done THEN coalesce(r.essays_expected, 0) ELSE 0 END,
          CASE WHEN done AND r.completed_at IS NOT NULL THEN r.unit_id END,
          CASE WHEN done THEN r.completed_at END)
  ON CONFLICT (directive_id, scope_id, level, status) DO UPDATE SET
    units = c.units + 1,
    attendees = c.attendees + EXCLUDED.attendees,
    members = c.members + EXCLUDED.members,
    essays_submitted = c.essays_submitted + EXCLUDED.essays_submitted,
    essays_expected = c.essays_expected + EXCLUDED.essays_expected,
    -- A running min is exact: completed_at never changes once set and a done unit stays done;
    -- the rare exceptions (a moved unit, a rewritten completed_at) recompute instead, see below.
    first_unit_id = CASE WHEN unit_rollup_finished_before(EXCLUDED.first_completed_at, EXCLUDED.first_unit_id, c.first_completed_at, c.first_unit_id)
                         THEN EXCLUDED.first_unit_id ELSE c.first_unit_id END,
    first_completed_at = CASE WHEN unit_rollup_finished_before(EXCLUDED.first_completed_at, EXCLUDED.first_unit_id, c.first_completed_at, c.first_unit_id)
                              THEN EXCLUDED.first_completed_at ELSE c.first_completed_at END;
END
$$;

-- Recomputes a counter row's first finisher from the projection. Only needed when the current first
-- finisher leaves the row or its completed_at changes, which the workflows never do today (a moved
-- subtree would): it scans that level's done units of the directive, acceptable for a rare event.
CREATE FUNCTION unit_rollup_counts_refirst(d text, s text, l text, st text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE unit_rollup_counts c
  SET (first_unit_id, first_completed_at) = (
    SELECT p.unit_id, p.completed_at
    FROM unit_projection p
    WHERE p.directive_id = d AND p.status = st AND p.level = l AND p.parent_id = s
      AND p.status IN ('done-on-time', 'done-late') AND p.completed_at IS NOT NULL
    ORDER BY p.completed_at, p.unit_id COLLATE "C"
    LIMIT 1)   -- no row: both become NULL
  WHERE c.directive_id = d AND c.scope_id = s AND c.level = l AND c.status = st;
END
$$;

-- Subtracts one projection row's (old) contribution. Runs in an AFTER trigger, so unit_projection
-- already holds the new version when the first finisher is recomputed.
CREATE FUNCTION unit_rollup_counts_subtract(r unit_projection) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  done boolean := r.status IN ('done-on-time', 'done-late');
  first_id text;
BEGIN
  IF r.parent_id IS NULL THEN
    RETURN;
  END IF;
  -- Rows stay when they reach zero: deleting them would only make the next insert into the scope
  -- race for the key again. A zero row adds nothing to a sum.
  UPDATE unit_rollup_counts c SET
    units = c.units - 1,
    attendees = c.attendees - CASE WHEN done THEN coalesce(r.attendees, 0) ELSE 0 END,
    members = c.members - CASE WHEN done THEN coalesce(r.members, 0) ELSE 0 END,
    essays_submitted = c.essays_submitted - CASE WHEN done THEN coalesce(r.essays_submitted, 0) ELSE 0 END,
    essays_expected = c.essays_expected - CASE WHEN done THEN coalesce(r.essays_expected, 0) ELSE 0 END
  WHERE c.directive_id = r.directive_id AND c.scope_id = r.parent_id AND c.level = r.level AND c.status = r.status
  RETURNING c.first_unit_id INTO first_id;
  IF first_id = r.unit_id THEN
    PERFORM unit_rollup_counts_refirst(r.directive_id, r.parent_id, r.level, r.status);
  END IF;
END
$$;

CREATE FUNCTION unit_rollup_counts_track() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  done boolean;
  old_key text[];
  new_key text[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM unit_rollup_counts_add(NEW);
    RETURN NULL;
  END IF;

  -- Most updates change nothing counted (an open unit's new deadline, version or received_at),
  -- and figures or completed_at count only for a done unit.
  done := NEW.status IN ('done-on-time', 'done-late');
  IF (OLD.directive_id, OLD.parent_id, OLD.level, OLD.status, OLD.unit_id)
       IS NOT DISTINCT FROM (NEW.directive_id, NEW.parent_id, NEW.level, NEW.status, NEW.unit_id)
     AND (NOT done OR (OLD.completed_at, OLD.attendees, OLD.members, OLD.essays_submitted, OLD.essays_expected)
                      IS NOT DISTINCT FROM (NEW.completed_at, NEW.attendees, NEW.members, NEW.essays_submitted, NEW.essays_expected)) THEN
    RETURN NULL;
  END IF;

  old_key := ARRAY[OLD.directive_id, OLD.parent_id, OLD.level, OLD.status];
  new_key := ARRAY[NEW.directive_id, NEW.parent_id, NEW.level, NEW.status];
  IF old_key IS NOT DISTINCT FROM new_key THEN
    -- Same counter row (a done unit's correction): one update with the difference, one row lock.
    IF NEW.parent_id IS NULL THEN
      RETURN NULL;
    END IF;
    UPDATE unit_rollup_counts c SET
      attendees = c.attendees + coalesce(NEW.attendees, 0) - coalesce(OLD.attendees, 0),
      members = c.members + coalesce(NEW.members, 0) - coalesce(OLD.members, 0),
      essays_submitted = c.essays_submitted + coalesce(NEW.essays_submitted, 0) - coalesce(OLD.essays_submitted, 0),
      essays_expected = c.essays_expected + coalesce(NEW.essays_expected, 0) - coalesce(OLD.essays_expected, 0)
    WHERE c.directive_id = NEW.directive_id AND c.scope_id = NEW.parent_id AND c.level = NEW.level AND c.status = NEW.status;
    IF (OLD.completed_at, OLD.unit_id) IS DISTINCT FROM (NEW.completed_at, NEW.unit_id) THEN
      PERFORM unit_rollup_counts_refirst(NEW.directive_id, NEW.parent_id, NEW.level, NEW.status);
    END IF;
    RETURN NULL;
  END IF;

  -- Two counter rows: lock them in key order (byte-wise) so that two writers moving units between
  -- the same two statuses in opposite directions cannot deadlock.
  IF old_key COLLATE "C" < new_key COLLATE "C" THEN
    PERFORM unit_rollup_counts_subtract(OLD);
    PERFORM unit_rollup_counts_add(NEW);
  ELSE
    PERFORM unit_rollup_counts_add(NEW);
    PERFORM unit_rollup_counts_subtract(OLD);
  END IF;
  RETURN NULL;
END
$$;

-- Created before the backfill: CREATE TRIGGER takes a lock that waits for in-flight writers and
-- holds off new ones until this migration commits, so every row is counted exactly once, either
-- by the backfill (committed before it) or by the trigger (written after the commit).
CREATE TRIGGER unit_rollup_counts_track
AFTER INSERT OR UPDATE ON unit_projection
FOR EACH ROW EXECUTE FUNCTION unit_rollup_counts_track();

INSERT INTO unit_rollup_counts (directive_id, scope_id, level, status, units, attendees, members,
                                essays_submitted, essays_expected, first_unit_id, first_completed_at)
SELECT p.directive_id, p.parent_id, p.level, p.status, count(*),
       coalesce(sum(p.attendees) FILTER (WHERE p.status IN ('done-on-time', 'done-late')), 0),
       coalesce(sum(p.members) FILTER (WHERE p.status IN ('done-on-time', 'done-late')), 0),
       coalesce(sum(p.essays_submitted) FILTER (WHERE p.status IN ('done-on-time', 'done-late')), 0),
       coalesce(sum(p.essays_expected) FILTER (WHERE p.status IN ('done-on-time', 'done-late')), 0),
       (array_agg(p.unit_id ORDER BY p.completed_at, p.unit_id COLLATE "C")
          FILTER (WHERE p.status IN ('done-on-time', 'done-late') AND p.completed_at IS NOT NULL))[1],
       min(p.completed_at) FILTER (WHERE p.status IN ('done-on-time', 'done-late'))
FROM unit_projection p
WHERE p.parent_id IS NOT NULL
GROUP BY p.directive_id, p.parent_id, p.level, p.status;
