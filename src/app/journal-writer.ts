/**
 * Writes the journal entries that updates hand to their callers, merging the entries of calls
 * that arrive while earlier writes are in flight into one recordJournal call (a group commit).
 *
 * Why: every report's caller writes its audit record and projection row before answering. At
 * 200 corrections a second that was a statement per report, and PostgreSQL's and the caller's
 * share of a report's CPU was most of what a report cost beyond a bare Temporal update. A caller
 * still gets its answer only after its own entries are written; an idle writer writes at once.
 *
 * Entries PostgreSQL refuses for good are quarantined here at once, by recordJournal, exactly as
 * the committee's own write would do ten minutes later: the secretariat sees them and the alert is
 * logged while the caller is still answering, the other calls of the group are written instead of
 * failing with it, and the committee's later write of the same entries finds them already kept.
 */
import type { Pool } from 'pg';
import type { JournalEntries } from '../domain/cascade/records';
import { recordJournal, type RecordJournalOptions } from '../store/record-journal';
import { positiveInteger } from './positive-integer';

interface Pending {
  entries: JournalEntries;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Options of JournalWriter. */
export interface JournalWriterOptions {
  /**
   * Writes in flight at once (default 1): the calls that arrive meanwhile go together in the next
   * write. More in flight make smaller groups, which cost PostgreSQL more per report for no more
   * throughput (docs/decisions.md).
   */
  maxInFlight?: number;
  /** Entries (audit records plus projection rows) per merged write, at most (default 256; recordJournal makes one statement up to 2,000). */
  maxEntriesPerWrite?: number;
  /** Where the alert of a quarantined entry goes (default: stderr). */
  alert?: RecordJournalOptions['alert'];
}

/** See the file comment. */
export class JournalWriter {
  private readonly queue: Pending[] = [];
  private inFlight = 0;
  private readonly maxInFlight: number;
  private readonly maxEntries: number;
  private readonly journalOptions: RecordJournalOptions;

  constructor(
    private readonly pool: Pool,
    opts: JournalWriterOptions = {},
  ) {
    this.maxInFlight = positiveInteger('maxInFlight', opts.maxInFlight ?? 1);
    this.maxEntries = positiveInteger('maxEntriesPerWrite', opts.maxEntriesPerWrite ?? 256);
    this.journalOptions = opts.alert ? { alert: opts.alert } : {};
  }

  /** Resolves once these entries are in PostgreSQL (alone or with others); rejects with the write's error. */
  write(entries: JournalEntries): Promise<void> {
    if (entries.audit.length + entries.projections.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.queue.push({ entries, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const group = this.takeGroup();
      this.inFlight += 1;
      void this.writeGroup(group).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  /** The oldest waiting calls, as many as fit one write (always at least one). */
  private takeGroup(): Pending[] {
    const size = (p: Pending) => p.entries.audit.length + p.entries.projections.length;
    let entries = 0;
    let count = 0;
    while (count < this.queue.length && (count === 0 || entries + size(this.queue[count] as Pending) <= this.maxEntries)) {
      entries += size(this.queue[count] as Pending);
      count += 1;
    }
    return this.queue.splice(0, count);
  }

  private async writeGroup(group: Pending[]): Promise<void> {
    const merged: JournalEntries = { audit: group.flatMap((p) => p.entries.audit), projections: group.flatMap((p) => p.entries.projections) };
    try {
      await recordJournal(this.pool, merged, this.journalOptions);
      for (const p of group) p.resolve();
    } catch (error) {
      if (group.length === 1) return group[0]?.reject(error);
      // Any other failure of one call (entries that are not even data) must not fail the others:
      // write each alone, each gets its own outcome.
      for (const p of group) await recordJournal(this.pool, p.entries, this.journalOptions).then(p.resolve, p.reject);
    }
  }
}
