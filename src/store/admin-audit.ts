/** The administration audit trail (admin_audit): who did which administrative action, proven by which credential. */
import type { Pool, PoolClient } from 'pg';
import type { AdminAction, AdminActor } from '../domain/audit/admin-actor';

/** One action, as recorded. */
export interface AdminAuditRow {
  /** What was done: launch, withdraw, org-import, org-add, org-update, org-remove, reorganise, token-issue, ... */
  action: AdminAction;
  /** What it was done to: a directive id, a unit id, a token id, a reorganisation id. */
  target: string;
  /** The unit the action touched (its subtree's secretariat lists it); null: the whole directory or every directive. */
  scopeUnit: string | null;
  /** Counts and ids; never a token's or link's value. */
  details: Record<string, unknown>;
  actor: AdminActor;
  /** Set where the recording may be retried (after a Temporal start or signal): a second row with it is not written. */
  idempotencyKey?: string;
}

/** A recorded action, as the trail lists it. */
export interface AdminAuditEntry extends Omit<AdminAuditRow, 'idempotencyKey'> {
  id: number;
  at: string;
}

/** What a listing asks for: actions within one unit's subtree (all: undefined), of one action, by one actor (sub or credential id). */
export interface AdminAuditFilter {
  within?: string;
  action?: string;
  actor?: string;
  limit: number;
}

// The scope's path is read from the directory in the same statement, so it is the directory as the change left it
// (or found it, for a removal recorded under the removed unit's parent); a unit not in it keeps only its own id.
const INSERT = `
  WITH RECURSIVE up AS (
    SELECT id, parent_id FROM org_units WHERE id = $3
    UNION ALL SELECT o.id, o.parent_id FROM org_units o JOIN up ON o.id = up.parent_id
  )
  INSERT INTO admin_audit (action, target, scope_unit, scope_path, details, actor_kind, actor_credential, actor_sub, actor_role, actor_unit, idempotency_key)
  SELECT $1, $2, $3::text,
         CASE WHEN $3::text IS NULL THEN '{}'::text[] ELSE COALESCE(NULLIF(ARRAY(SELECT id FROM up), '{}'), ARRAY[$3::text]) END,
         $4::jsonb, $5, $6, $7, $8, $9, $10
  ON CONFLICT (idempotency_key) DO NOTHING`;

const LIST = `
  SELECT id, at, action, target, scope_unit, details, actor_kind, actor_credential, actor_sub, actor_role, actor_unit
    FROM admin_audit
   WHERE ($1::text IS NULL OR $1 = ANY (scope_path))
     AND ($2::text IS NULL OR action = $2)
     AND ($3::text IS NULL OR actor_sub = $3 OR actor_credential = $3)
   ORDER BY id DESC LIMIT $4`;

/** Records one action, in the caller's transaction when given a client; false when its idempotency key was recorded already. */
export async function recordAdminAction(db: Pool | PoolClient, row: AdminAuditRow): Promise<boolean> {
  const { actor } = row;
  const result = await db.query(INSERT, [
    row.action,
    row.target,
    row.scopeUnit,
    JSON.stringify(row.details),
    actor.kind,
    actor.kind === 'declared' ? null : actor.credentialId,
    actor.sub,
    actor.role,
    actor.unitId,
    row.idempotencyKey ?? null,
  ]);
  return (result.rowCount ?? 0) > 0;
}

/** The trail, newest first, at most `limit` rows. */
export async function listAdminAudit(pool: Pool, filter: AdminAuditFilter): Promise<AdminAuditEntry[]> {
  const { rows } = await pool.query<{
    id: string;
    at: Date;
    action: AdminAction;
    target: string;
    scope_unit: string | null;
    details: Record<string, unknown>;
    actor_kind: AdminActor['kind'];
    actor_credential: string | null;
    actor_sub: string;
    actor_role: string | null;
    actor_unit: string | null;
  }>(LIST, [filter.within ?? null, filter.action ?? null, filter.actor ?? null, filter.limit]);
  return rows.map((r) => ({
    id: Number(r.id),
    at: r.at.toISOString(),
    action: r.action,
    target: r.target,
    scopeUnit: r.scope_unit,
    details: r.details,
    actor:
      r.actor_kind === 'declared'
        ? { kind: 'declared', sub: r.actor_sub, role: r.actor_role, unitId: r.actor_unit }
        : { kind: r.actor_kind, credentialId: r.actor_credential as string, sub: r.actor_sub, role: r.actor_role, unitId: r.actor_unit },
  }));
}
