/** What every benchmark phase talks to, however the stack was assembled (tools/bench/stack.ts or a jest test). */
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { CascadeClient } from '../../src/app/cascade-client';
import { vnIsoDate } from '../../src/domain/time/vn-time';
import type { MailCounter } from './mail-counter';

/** See the file comment. */
export interface BenchContext {
  temporal: Client;
  cascade: CascadeClient;
  pool: Pool;
  taskQueue: string;
  /** Task queue of the baseline worker (trivial workflows only). */
  baselineTaskQueue: string;
  mail: MailCounter;
  log: (line: string) => void;
}

/** Knobs of the benchmark's directive. */
export interface BenchDirectiveOptions {
  /** Deadline of district-level committees, a duration after receipt, so that they are overdue when the overdue list is queried. */
  districtDeadline?: string;
  /** Directive code (unique per run on a shared server). */
  code?: string;
  /** Wall-clock now (for the issue date and the far deadlines). */
  now?: Date;
}

/** How long before their deadline the districts are reminded. */
export const BENCH_DISTRICT_REMINDER_MS = 30_000;

/**
 * The directive the benchmark launches: issued today, provinces and cells due at the end of
 * next year (nothing due during the run), district committees due four minutes after they receive
 * it (PT4M), with a reminder 30 s before and an escalation to the province at the deadline. So
 * the ~1.3% of units that are districts go overdue and the overdue list has rows, and their
 * reminders and escalations fall after a national launch (up to about three minutes long on the
 * cluster), in a phase of their own (phases/deadlines.ts), instead of competing with its notices.
 */
export function benchDirectiveSpec(opts: BenchDirectiveOptions = {}): Record<string, unknown> {
  const today = vnIsoDate((opts.now ?? new Date()).toISOString());
  const far = `Q4/${Number(today.slice(0, 4)) + 1}`;
  return {
    code: opts.code ?? '99-CT/TW',
    title: 'Benchmark: nghiên cứu, học tập, quán triệt Nghị quyết trên toàn quốc',
    issuer: 'Bộ Chính trị',
    issuedOn: today,
    root: 'TW',
    deadlines: { province: far, district: opts.districtDeadline ?? 'PT4M', cell: far },
    reminders: [`-PT${BENCH_DISTRICT_REMINDER_MS / 1_000}S`],
    escalation: ['0d'],
    language: 'vi',
  };
}
