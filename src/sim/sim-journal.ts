/**
 * What the dry run's activities record instead of writing PostgreSQL and sending mail: the units'
 * latest projected status (which decides, as in the real sendEmails, whether a reminder or an
 * escalation still goes) and every email the workflows asked for.
 */
import { CLOSED_STATUSES, type TrackStatus } from '../domain/track/unit-track';
import type { JournalEntries } from '../domain/cascade/records';
import type { SimulatedEmail } from '../domain/simulation/dry-run-summary';

/** See the file comment. */
export class SimJournal {
  private readonly projections = new Map<string, { status: TrackStatus; version: number }>();
  private readonly ledger = new Set<string>();
  readonly emails: SimulatedEmail[] = [];
  /** Audit records the run would have written. */
  auditRecords = 0;

  /** Applies a journal batch as record-journal.ts does: projection rows only when newer. */
  record(entries: JournalEntries): { audit: number; projections: number } {
    let written = 0;
    for (const row of entries.projections) {
      const current = this.projections.get(row.unitId);
      if (current && current.version >= row.version) continue;
      this.projections.set(row.unitId, { status: row.status, version: row.version });
      written += 1;
    }
    this.auditRecords += entries.audit.length;
    return { audit: entries.audit.length, projections: written };
  }

  /** True once the unit's projection shows it reported, exempted or withdrawn. */
  isClosed(unitId: string): boolean {
    const status = this.projections.get(unitId)?.status;
    return status !== undefined && CLOSED_STATUSES.includes(status);
  }

  /** Claims an email's ledger key; false when it was handled already (a retried batch). */
  claim(key: string): boolean {
    if (this.ledger.has(key)) return false;
    this.ledger.add(key);
    return true;
  }
}
