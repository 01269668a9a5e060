/** The people who sign in by email: added by the secretariat, listed, disabled. */
import type { Pool, PoolClient } from 'pg';
import type { PersonRole } from '../domain/people/person';

/** A person as stored. */
export interface PersonRecord {
  id: string;
  email: string;
  name: string;
  role: PersonRole;
  unitId: string | null;
  addedAt: string;
  addedBy: string;
  disabledAt: string | null;
  disabledBy: string | null;
}

const COLUMNS = `id, email, name, role, unit_id AS "unitId", added_at AS "addedAt", added_by AS "addedBy",
  disabled_at AS "disabledAt", disabled_by AS "disabledBy"`;

// ON CONFLICT DO NOTHING: a second person with the same email is told apart from an error by the empty answer.
const INSERT = `
  INSERT INTO people (id, email, name, role, unit_id, added_by) VALUES ($1, $2, $3, $4, $5, $6)
  ON CONFLICT (email) DO NOTHING RETURNING ${COLUMNS}`;
const BY_EMAIL = `SELECT ${COLUMNS} FROM people WHERE email = $1`;
const BY_ID = `SELECT ${COLUMNS} FROM people WHERE id = $1 FOR UPDATE`;
const LIST = `SELECT ${COLUMNS} FROM people ORDER BY disabled_at IS NOT NULL, role, email`;
const DISABLE = `UPDATE people SET disabled_at = now(), disabled_by = $2 WHERE id = $1 AND disabled_at IS NULL RETURNING ${COLUMNS}`;

type Row = Omit<PersonRecord, 'addedAt' | 'disabledAt'> & { addedAt: Date; disabledAt: Date | null };

function person(r: Row): PersonRecord {
  return { ...r, addedAt: r.addedAt.toISOString(), disabledAt: r.disabledAt ? r.disabledAt.toISOString() : null };
}

/** Adds a person; null when a person with that email exists already. */
export async function insertPerson(
  db: Pool | PoolClient,
  p: { id: string; email: string; name: string; role: PersonRole; unitId: string | null; addedBy: string },
): Promise<PersonRecord | null> {
  const { rows } = await db.query<Row>(INSERT, [p.id, p.email, p.name, p.role, p.unitId, p.addedBy]);
  return rows[0] ? person(rows[0]) : null;
}

/** The person with this (lower-case) email, or null. */
export async function personByEmail(db: Pool | PoolClient, email: string): Promise<PersonRecord | null> {
  const { rows } = await db.query<Row>(BY_EMAIL, [email]);
  return rows[0] ? person(rows[0]) : null;
}

/** The person with this id, locked until the transaction ends; null when unknown. */
export async function lockPerson(client: PoolClient, id: string): Promise<PersonRecord | null> {
  const { rows } = await client.query<Row>(BY_ID, [id]);
  return rows[0] ? person(rows[0]) : null;
}

/** Everyone, active first, by role and email. */
export async function listPeople(pool: Pool): Promise<PersonRecord[]> {
  const { rows } = await pool.query<Row>(LIST);
  return rows.map(person);
}

/** Disables a person; null when they were disabled already. */
export async function disablePersonRow(client: PoolClient, id: string, actor: string): Promise<PersonRecord | null> {
  const { rows } = await client.query<Row>(DISABLE, [id, actor]);
  return rows[0] ? person(rows[0]) : null;
}
