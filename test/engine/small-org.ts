/** A small organisation for engine tests: central → one province → 3 districts → 2 cells each. */
import type { OrgUnitInput } from '../../src/domain/org/org';
import { eventually, type CascadeEnv } from '../harness/cascade-env';

export const SMALL_ORG: OrgUnitInput[] = [
  { id: 'TW', name: 'Bộ Chính trị', level: 'central', parentId: null, email: 'vptw@cascade.test', members: 0, essaysExpected: 0 },
  { id: 'QN', name: 'Tỉnh ủy Quảng Ninh', level: 'province', parentId: 'TW', email: 'tinhuy@qn.test', members: 60, essaysExpected: 60 },
  ...[1, 2, 3].flatMap((d) => [
    { id: `D${d}`, name: `Huyện ủy ${d}`, level: 'district', parentId: 'QN', email: `d${d}@qn.test`, members: 40, essaysExpected: 40 },
    ...[1, 2].map((c) => ({
      id: `D${d}-C${c}`,
      name: `Chi bộ ${d}.${c}`,
      level: 'cell',
      parentId: `D${d}`,
      email: `d${d}c${c}@qn.test`,
      members: 20,
      essaysExpected: 5,
    })),
  ]),
];

/** A directive spec over SMALL_ORG with quarter deadlines in `year`. */
export function smallSpec(code: string, issuedOn: string, year: number): Record<string, unknown> {
  return {
    code,
    title: 'Nghiên cứu, học tập, quán triệt Nghị quyết',
    issuer: 'Bộ Chính trị',
    issuedOn,
    root: 'TW',
    deadlines: { province: `Q2/${year}`, district: `quý III/${year}`, cell: `30/09/${year}` },
  };
}

/** Imports SMALL_ORG into `env`, launches `code` issued `today` (deadlines next year) and waits until its 10 units are projected (all but the root, the issuer); returns the directive id. */
export async function launchSmallDirective(env: CascadeEnv, code: string, today: string): Promise<string> {
  await env.importOrg(SMALL_ORG);
  const { directiveId } = await env.cascade.launch(smallSpec(code, today, Number(today.slice(0, 4)) + 1));
  await eventually(async () => (await env.cascade.listUnits(directiveId)).total === SMALL_ORG.length - 1, 60_000, 'every unit projected');
  return directiveId;
}

/** A valid report with the given attendance, dated `day`. */
export function smallReport(unitId: string, day: string, attendees = 19, members = 20): Record<string, unknown> {
  return {
    conferenceDate: day,
    documentDate: day,
    documentNumber: '7-KH/ĐU',
    attendees,
    members,
    essaysSubmitted: 5,
    essaysExpected: 5,
    reportedBy: `Văn phòng ${unitId}`,
  };
}

/** Parses the deterministic Message-ID <directive.unit.kind.step@directive-cascade>. */
export function messageKey(messageId: string | undefined): { directive: string; unit: string; kind: string; step: number } | null {
  const match = /^<(.+)\.([^.]+)\.(notice|reminder|escalation|extension-notice|exemption-notice|withdrawal-notice)\.(\d+)@directive-cascade>$/.exec(
    messageId ?? '',
  );
  return match ? { directive: match[1] as string, unit: match[2] as string, kind: match[3] as string, step: Number(match[4]) } : null;
}
