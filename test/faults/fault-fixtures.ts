/** Directives, reports and the summary line the fault tests share. */
import fs from 'node:fs';
import path from 'node:path';
import { vnIsoDate } from '../../src/domain/time/vn-time';
import type { RollupView } from '../../src/domain/track/rollup';
import { doneIn, sumFigures, type ReportFigures } from '../../tools/bench/phases/reports';

/** Today in Vietnam (the issue date of every fault directive, and the date of every report). */
export const today = (): string => vnIsoDate(new Date().toISOString());

/**
 * A directive over the organisation under `TW` whose every level is due `deadline` after it
 * receives the directive (e.g. PT60S), so reminders and escalations happen while the test runs.
 */
export function shortSpec(code: string, deadline: string, reminders: string[], escalation: string[]): Record<string, unknown> {
  return {
    code,
    title: 'Kiểm tra khả năng chịu lỗi: nghiên cứu, học tập, quán triệt Nghị quyết',
    issuer: 'Bộ Chính trị',
    issuedOn: today(),
    root: 'TW',
    deadlines: { province: deadline, district: deadline, cell: deadline },
    reminders,
    escalation,
    language: 'vi',
  };
}

/** A directive due at the end of next year: nothing but notices is sent while a test runs. */
export function farSpec(code: string): Record<string, unknown> {
  const far = `Q4/${Number(today().slice(0, 4)) + 1}`;
  return { ...shortSpec(code, far, [], []), title: 'Kiểm tra khả năng chịu lỗi: triển khai Chỉ thị trên toàn quốc' };
}

/** Figures of one report: what the root rollup must add up (the benchmark's shape and sum). */
export type Figures = ReportFigures;
export { doneIn, sumFigures };

/** A unit's report with `figures`, dated today. */
export function reportBody(unitId: string, figures: Figures): Record<string, unknown> {
  return { conferenceDate: today(), documentDate: today(), documentNumber: '12-KH/ĐU', ...figures, reportedBy: `Văn phòng cấp ủy ${unitId}` };
}

/** Plausible figures for the k-th report (varied, so a lost or doubled report changes the sums). */
export function figuresFor(k: number): Figures {
  const members = 20 + (k % 17);
  const essaysExpected = 5 + (k % 4);
  return { members, attendees: members - (k % 3), essaysExpected, essaysSubmitted: essaysExpected - (k % 2) };
}

/** The root rollup's sums, in the shape of Figures. */
export function rollupFigures(rollup: RollupView): Figures {
  return {
    attendees: rollup.attendance.attendees,
    members: rollup.attendance.members,
    essaysSubmitted: rollup.essays.submitted,
    essaysExpected: rollup.essays.expected,
  };
}

/** Units the rollup counts as having received the directive (every status, exempted and withdrawn included). */
export function receivedIn(rollup: RollupView): number {
  return rollup.levels.reduce((n, l) => n + l.expected + l.exempted + l.withdrawn, 0);
}

/** What every fault test reports, on one line: the faults it injected and what was lost (must be 0) or doubled. */
export interface FaultSummary {
  test: string;
  faultsInjected: Record<string, number>;
  units: { expected: number; found: number };
  lost: Record<string, number>;
  duplicates: Record<string, number>;
  seconds: number;
  [more: string]: unknown;
}

const RESULTS_DIR = path.join(__dirname, 'results');

/** Prints the summary as one JSON line (`[fault-summary] {...}`) and keeps it in test/faults/results/<test>.json. */
export function reportSummary(summary: FaultSummary): void {
  const line = JSON.stringify(summary);
  console.log(`[fault-summary] ${line}`);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(RESULTS_DIR, `${summary.test}.json`), `${line}\n`);
}
