/**
 * When each simulated unit reports, drawn from a profile with a seeded generator: the same units,
 * profile and seed always give the same plan, so a dry run is reproducible.
 */
import { VIETNAM_UTC_OFFSET_MS, vnIsoDate } from '../time/vn-time';
import type { UnitProfile } from './unit-profile';
import { seededRandom } from '../random/seeded-random';

/** What the plan needs of a unit: as its committee holds it once the directive reached it. */
export interface PlannedUnit {
  unitId: string;
  level: string;
  members: number;
  essaysExpected: number;
  receivedAt: string;
  deadline: string;
}

/** How a unit behaves in the run. */
export type Behaviour = 'on-time' | 'late' | 'never';

/** A unit's part in the plan: its behaviour and, unless it never reports, the instant it reports. */
export interface PlannedReport {
  unitId: string;
  level: string;
  behaviour: Behaviour;
  at: string | null;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Simulated reports arrive at 09:00 Vietnam time: one instant per day keeps the number of time steps small. */
const REPORT_HOUR = 9;

/** The Vietnam day an instant falls on, counted from 1970-01-01. */
function vnDay(ms: number): number {
  return Math.floor((ms + VIETNAM_UTC_OFFSET_MS) / DAY_MS);
}

/** 09:00 Vietnam time on a day counted by vnDay. */
function reportInstant(day: number): number {
  return day * DAY_MS - VIETNAM_UTC_OFFSET_MS + REPORT_HOUR * HOUR_MS;
}

/** A whole number from min to max inclusive. */
function between(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/**
 * Behaviours for `count` units in the profile's shares, rounded so that they add up to `count`
 * (the largest remainders get the rounding), in a seeded random order.
 */
function behaviours(count: number, profile: UnitProfile, random: () => number): Behaviour[] {
  const wanted: Array<[Behaviour, number]> = [
    ['on-time', profile.onTime * count],
    ['late', profile.late * count],
    ['never', profile.never * count],
  ];
  const counts = wanted.map(([, exact]) => Math.floor(exact));
  let left = count - counts.reduce((a, b) => a + b, 0);
  const byRemainder = wanted.map(([, exact], i) => ({ i, rest: exact - Math.floor(exact) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left === 0) break;
    counts[i] = (counts[i] ?? 0) + 1;
    left -= 1;
  }
  const out: Behaviour[] = wanted.flatMap(([behaviour], i) => Array<Behaviour>(counts[i] ?? 0).fill(behaviour));
  // Fisher–Yates with the seeded generator.
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as Behaviour, out[i] as Behaviour];
  }
  return out;
}

/** The instant a unit reports, for its behaviour. */
function reportAt(unit: PlannedUnit, behaviour: Exclude<Behaviour, 'never'>, profile: UnitProfile, random: () => number): string {
  const received = Date.parse(unit.receivedAt);
  const deadline = Date.parse(unit.deadline);
  if (behaviour === 'late') {
    const day = vnDay(deadline) + between(random, profile.lateDays.min, profile.lateDays.max);
    return new Date(Math.max(reportInstant(day), deadline + HOUR_MS)).toISOString();
  }
  const last = vnDay(deadline);
  const first = Math.max(vnDay(received), profile.onTimeWindowDays === undefined ? -Infinity : last - profile.onTimeWindowDays + 1);
  const at = reportInstant(between(random, first, last));
  // Not before the unit has the directive, and never after its deadline (on time means by it).
  return new Date(Math.min(Math.max(at, received + HOUR_MS), deadline - 60_000)).toISOString();
}

/**
 * The plan for every unit: each level gets the profile's shares (a fifth late is a fifth of the
 * districts and a fifth of the cells), units in id order so the plan does not depend on the order
 * the committees answered in.
 */
export function planReports(units: readonly PlannedUnit[], profile: UnitProfile): PlannedReport[] {
  const random = seededRandom(profile.seed);
  const byLevel = new Map<string, PlannedUnit[]>();
  for (const unit of [...units].sort((a, b) => (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0))) {
    byLevel.set(unit.level, [...(byLevel.get(unit.level) ?? []), unit]);
  }
  const plan: PlannedReport[] = [];
  for (const [level, members] of [...byLevel].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const drawn = behaviours(members.length, profile, random);
    members.forEach((unit, i) => {
      const behaviour = drawn[i] as Behaviour;
      plan.push({ unitId: unit.unitId, level, behaviour, at: behaviour === 'never' ? null : reportAt(unit, behaviour, profile, random) });
    });
  }
  return plan;
}

/** The completion report a simulated unit files at `at`: its figures from the profile's shares. */
export function simulatedReport(unit: Pick<PlannedUnit, 'unitId' | 'members' | 'essaysExpected'>, at: string, profile: UnitProfile): Record<string, unknown> {
  const date = vnIsoDate(at);
  return {
    conferenceDate: date,
    attendees: Math.round(unit.members * profile.attendance),
    members: unit.members,
    essaysSubmitted: Math.round(unit.essaysExpected * profile.essays),
    essaysExpected: unit.essaysExpected,
    documentNumber: '1-KH/MP',
    documentDate: date,
    reportedBy: `Mô phỏng ${unit.unitId}`,
  };
}
