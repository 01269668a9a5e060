/**
 * Counts what reaches the loopback SMTP sink by kind (X-Cascade-Kind) and unit, and lets the
 * messages go: at 55,000 notices the sink's in-memory list would otherwise hold half a gigabyte.
 */
import type { SmtpSink } from '../../src/dev/stack/smtp-sink';

/** Kinds of email the engine sends. */
export type MailKind = 'notice' | 'reminder' | 'escalation' | 'other';

/** Counts of received mail. */
export interface MailCounts {
  total: number;
  byKind: Record<MailKind, number>;
  /** Distinct units that received a notice. */
  noticedUnits: number;
  /** Notices beyond the first for a unit (the ledger should keep this at 0). */
  duplicateNotices: number;
  /**
   * Messages whose Message-ID the sink had seen before. The engine derives it from directive,
   * unit, kind and step (messageIdFor), so a repeat is one email sent twice, whatever its kind.
   */
  duplicateMessages: number;
}

const header = (raw: string, name: string): string | null => new RegExp(`^${name}:\\s*([^\\r\\n]+)`, 'mi').exec(raw)?.[1]?.trim() ?? null;

/** Drains a sink and keeps counts; see the file comment. */
export class MailCounter {
  private readonly noticed = new Set<string>();
  private readonly messageIds = new Set<string>();
  private readonly counts: MailCounts = {
    total: 0,
    byKind: { notice: 0, reminder: 0, escalation: 0, other: 0 },
    noticedUnits: 0,
    duplicateNotices: 0,
    duplicateMessages: 0,
  };
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly sink: SmtpSink) {}

  /** Starts draining the sink in the background (idempotent). */
  start(intervalMs = 200): this {
    this.timer ??= setInterval(() => this.drain(), intervalMs);
    this.timer.unref();
    return this;
  }

  /** Counts and drops every message received so far. */
  drain(): void {
    for (const mail of this.sink.messages.splice(0)) {
      // Headers come first; the body (HTML, link) is not needed.
      const head = mail.raw.subarray(0, 8_192).toString('utf8');
      const kind = header(head, 'X-Cascade-Kind');
      const unit = header(head, 'X-Cascade-Unit');
      const messageId = header(head, 'Message-ID');
      if (messageId) {
        if (this.messageIds.has(messageId)) this.counts.duplicateMessages += 1;
        else this.messageIds.add(messageId);
      }
      const known: MailKind = kind === 'notice' || kind === 'reminder' || kind === 'escalation' ? kind : 'other';
      this.counts.total += 1;
      this.counts.byKind[known] += 1;
      if (known === 'notice' && unit) {
        if (this.noticed.has(unit)) this.counts.duplicateNotices += 1;
        else this.noticed.add(unit);
      }
    }
    this.counts.noticedUnits = this.noticed.size;
  }

  /** Counts as of now. */
  snapshot(): MailCounts {
    this.drain();
    return { ...this.counts, byKind: { ...this.counts.byKind } };
  }

  /** Stops the background drain. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
