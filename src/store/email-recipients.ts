/** Who receives each email, from the directive's snapshot (never the live directory: the cascade is frozen at launch). */
import type { Pool } from 'pg';
import type { EmailRequest } from '../domain/cascade/records';
import { SnapshotRefusal } from './snapshot-refusal';
import { SNAPSHOT_COLUMNS, type SnapshotRow } from './snapshot-unit';

/** An email with the unit it is about and the unit it goes to (null when there is nobody to send it to). */
export interface AddressedEmail {
  email: EmailRequest;
  subject: SnapshotRow;
  recipient: SnapshotRow | null;
}

const SELECT_UNITS = `SELECT ${SNAPSHOT_COLUMNS} FROM directive_units WHERE directive_id = $1 AND unit_id = ANY($2::text[])`;

async function loadUnits(pool: Pool, directiveId: string, unitIds: readonly string[]): Promise<Map<string, SnapshotRow>> {
  if (unitIds.length === 0) return new Map();
  const { rows } = await pool.query<SnapshotRow>(SELECT_UNITS, [directiveId, [...new Set(unitIds)]]);
  return new Map(rows.map((r) => [r.unit_id, r]));
}

/** Escalation step n goes n ancestors up (0 = parent), stopping at the cascade root. */
function escalationTarget(subject: SnapshotRow, ancestorIndex: number): string | null {
  const { ancestors } = subject;
  if (ancestors.length === 0) return null; // the root has no superior inside the cascade
  return ancestors[Math.min(Math.max(0, ancestorIndex), ancestors.length - 1)] ?? null;
}

/**
 * Resolves every email's units in two queries (the units emailed about, then the superiors of escalations).
 * A unit missing from the snapshot is a workflow bug, not an outage: fail the batch without retry, before sending anything.
 */
export async function addressEmails(pool: Pool, directiveId: string, emails: readonly EmailRequest[]): Promise<AddressedEmail[]> {
  const subjects = await loadUnits(
    pool,
    directiveId,
    emails.map((e) => e.unitId),
  );
  const missing = [...new Set(emails.map((e) => e.unitId).filter((id) => !subjects.has(id)))];
  if (missing.length > 0) {
    throw new SnapshotRefusal(
      `unit${missing.length === 1 ? '' : 's'} ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ` and ${missing.length - 10} more` : ''} ` +
        `not in the snapshot of directive ${directiveId}; nothing in this batch was sent`,
      'unknown-unit',
    );
  }
  const targets = emails.map((e) => {
    const subject = subjects.get(e.unitId) as SnapshotRow;
    return e.kind === 'escalation' ? escalationTarget(subject, e.ancestorIndex ?? 0) : subject.unit_id;
  });
  const superiors = await loadUnits(
    pool,
    directiveId,
    targets.filter((t, i): t is string => t !== null && !subjects.has(t) && emails[i]?.kind === 'escalation'),
  );
  return emails.map((email, i) => {
    const target = targets[i] ?? null;
    const subject = subjects.get(email.unitId) as SnapshotRow;
    return { email, subject, recipient: target === null ? null : (subjects.get(target) ?? superiors.get(target) ?? null) };
  });
}
