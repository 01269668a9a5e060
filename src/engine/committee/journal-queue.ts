/**
 * The committee's journal waiting to be written: audit records and projection rows queued by its
 * commands and timers, and those already handed to the caller of an update. The caller writes
 * handed-off entries at once; the committee writes them again later (the write is idempotent),
 * so a caller that died in between loses nothing. Pure: workflow time comes in as `nowMs`.
 */
import type { AuditEntry, JournalEntries, ProjectionRow } from '../../domain/cascade/records';

/** Where the queues ended at some moment: entries queued after it belong to the command being applied. */
export interface JournalMark {
  audit: number;
  projections: number;
}

export class JournalQueue {
  pendingAudit: AuditEntry[];
  pendingProjections: ProjectionRow[];
  private lazyAudit: AuditEntry[] = [];
  private lazyProjections: ProjectionRow[] = [];
  /** Workflow time (ms) at which the oldest handed-off entry was handed off; null when there is none. */
  lazySince: number | null = null;

  constructor(carried: JournalEntries = { audit: [], projections: [] }) {
    this.pendingAudit = carried.audit;
    this.pendingProjections = carried.projections;
  }

  /** Every entry not yet written by the committee, handed-off ones first: what continue-as-new carries (the next run writes them at once). */
  unwritten(): JournalEntries {
    return { audit: [...this.lazyAudit, ...this.pendingAudit], projections: [...this.lazyProjections, ...this.pendingProjections] };
  }

  /** True while audit records or projection rows wait to be written. */
  hasPending(): boolean {
    return this.pendingAudit.length + this.pendingProjections.length > 0;
  }

  /** Where the queues end now. */
  mark(): JournalMark {
    return { audit: this.pendingAudit.length, projections: this.pendingProjections.length };
  }

  /**
   * Moves the entries queued since `mark` to the handed-off queues and returns them, for the
   * caller of the update to write at once. `nowMs` is workflow time: the handed-off entries are
   * written by `nowMs` plus the lazy delay at the latest.
   */
  handOff(mark: JournalMark, nowMs: number): JournalEntries {
    const audit = this.pendingAudit.splice(mark.audit);
    const projections = this.pendingProjections.splice(mark.projections);
    if (audit.length + projections.length === 0) return { audit, projections };
    this.lazyAudit.push(...audit);
    this.lazyProjections.push(...projections);
    this.lazySince ??= nowMs;
    return { audit, projections };
  }

  /** Forgets the projection rows of a unit that left the committee: it is written elsewhere now, or not at all. */
  dropProjections(unitId: string): void {
    this.pendingProjections = this.pendingProjections.filter((r) => r.unitId !== unitId);
    this.lazyProjections = this.lazyProjections.filter((r) => r.unitId !== unitId);
  }

  /** True while entries handed off to callers wait for the committee's own (lazy) write. */
  hasLazy(): boolean {
    return this.lazyAudit.length + this.lazyProjections.length > 0;
  }

  /** Takes up to `max` handed-off entries and then queued ones, for one write. */
  takeWithLazy(max: number): JournalEntries {
    const audit = this.lazyAudit.splice(0, max);
    const projections = this.lazyProjections.splice(0, max);
    if (!this.hasLazy()) this.lazySince = null;
    audit.push(...this.pendingAudit.splice(0, max - audit.length));
    projections.push(...this.pendingProjections.splice(0, max - projections.length));
    return { audit, projections };
  }
}
