/** Units that opted out of the weekly digest: who, since when, and who set it. */
import type { Pool } from 'pg';

/** A unit that gets no weekly digest. */
export interface DigestOptOutRow {
  unitId: string;
  /** The unit's name in the directory (null when it left the directory since). */
  name: string | null;
  optedOutAt: string;
  /** Who opted it out: the unit itself, its inbox link, or the secretariat (the caller's subject). */
  actor: string;
}

// A repeated opt-out keeps the first instant: "since when" stays true.
const OPT_OUT = `INSERT INTO digest_opt_outs (unit_id, actor) VALUES ($1, $2) ON CONFLICT (unit_id) DO NOTHING`;
const OPT_IN = `DELETE FROM digest_opt_outs WHERE unit_id = $1`;
const LIST = `
  SELECT x.unit_id AS "unitId", o.name, x.opted_out_at AS "optedOutAt", x.actor
    FROM digest_opt_outs x LEFT JOIN org_units o ON o.id = x.unit_id
   ORDER BY x.opted_out_at, x.unit_id`;
const ONE = `SELECT opted_out_at AS "optedOutAt" FROM digest_opt_outs WHERE unit_id = $1`;

/** Records that the unit wants no digest (a no-op when it already opted out). */
export async function recordDigestOptOut(pool: Pool, unitId: string, actor: string): Promise<void> {
  await pool.query(OPT_OUT, [unitId, actor]);
}

/** The unit gets the digest again (a no-op when it had not opted out). */
export async function removeDigestOptOut(pool: Pool, unitId: string): Promise<void> {
  await pool.query(OPT_IN, [unitId]);
}

/** Every unit that opted out, earliest first. */
export async function listDigestOptOuts(pool: Pool): Promise<DigestOptOutRow[]> {
  const { rows } = await pool.query<Omit<DigestOptOutRow, 'optedOutAt'> & { optedOutAt: Date }>(LIST);
  return rows.map((r) => ({ ...r, optedOutAt: r.optedOutAt.toISOString() }));
}

/** When the unit opted out (ISO), or null when it gets the digest. */
export async function digestOptedOutAt(pool: Pool, unitId: string): Promise<string | null> {
  const { rows } = await pool.query<{ optedOutAt: Date }>(ONE, [unitId]);
  return rows[0]?.optedOutAt.toISOString() ?? null;
}
