/**
 * First start on an empty data folder: import the sample organisation DEMO_ORGANISATION names
 * (with its levels), launch the sample directive over it, and file a share of the reports, so the
 * dashboard has a live cascade to show. Later starts find both in place and change nothing.
 */
import type { CascadeClient } from '../../app/cascade-client';
import type { Config } from '../../config/config';
import { levelNames, type LevelDefinition } from '../../domain/org/levels';
import { requireValidOrg, type OrgUnitInput } from '../../domain/org/org';
import { vnIsoDate } from '../../domain/time/vn-time';
import { DEMO_ORGANISATIONS, type DemoOrganisation } from './demo-organisations';
import { sampleDirectiveSpec } from './sample-directive';
import { seededRandom } from '../../domain/random/seeded-random';

/** Share of the units below the province (districts or communes, and cells) whose report the demo files at launch. */
const REPORTED_SHARE = 0.4;
/** Reports sent at once. */
const REPORT_SENDERS = 8;

/** Imports and launches when nothing is there yet; returns the demo directive's id. */
export async function bootstrapDemo(cascade: CascadeClient, log: (line: string) => void, choice: Config['DEMO_ORGANISATION'] = '2021'): Promise<string | null> {
  const chosen = DEMO_ORGANISATIONS[choice];
  const present = await cascade.organisation();
  if (present.length === 0) {
    const units = chosen.units();
    await cascade.importOrganisation(requireValidOrg(units, chosen.levels));
    log(`imported the ${choice} sample organisation, ${chosen.name}: ${countPerLevel(units, chosen.levels)}`);
  } else if (!present.some((u) => u.id === chosen.provinceId)) {
    // The choice applies to an empty data folder only: an organisation in place is never replaced behind the user's back.
    log(`DEMO_ORGANISATION=${choice}: the data folder already holds another organisation, kept as it is; start on an empty DATA_DIR to load this sample`);
  }
  const existing = await cascade.directives();
  if (existing.length > 0) return existing[0]?.id ?? null;
  // The sample directive and its reports name a sample's units: launch over the sample in place, and over an organisation
  // of the user's own not at all (its reports would be refused).
  const demo = present.length === 0 ? chosen : [chosen, ...Object.values(DEMO_ORGANISATIONS)].find((d) => present.some((u) => u.id === d.provinceId));
  if (demo === undefined) return null;

  const launched = await cascade.launch(sampleDirectiveSpec(new Date(), levelNames(demo.levels)));
  log(
    `launched ${launched.directiveId}: ${Object.entries(launched.unitsPerLevel)
      .map(([l, n]) => `${n} ${l}`)
      .join(', ')}`,
  );
  void fileSampleReports(cascade, launched.directiveId, demo, log).catch((err) => log(`sample reports stopped: ${(err as Error).message}`));
  return launched.directiveId;
}

/** "1 central, 1 province, 103 commune, 1276 cell". */
function countPerLevel(units: readonly OrgUnitInput[], levels: readonly LevelDefinition[]): string {
  return levels.map((level) => `${units.filter((u) => u.level === level.name).length} ${level.name}`).join(', ');
}

/** Files reports for a seeded share of units once the cascade has reached them. */
async function fileSampleReports(cascade: CascadeClient, directiveId: string, demo: DemoOrganisation, log: (line: string) => void): Promise<void> {
  const units = demo.units().filter((u) => demo.reportIssuer[u.level] !== undefined);
  for (let i = 0; i < 600; i++) {
    const rollup = await cascade.rollup(directiveId).catch(() => null);
    if (rollup && rollup.levels.reduce((n, l) => n + l.expected, 0) >= units.length + 1) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  // Drawn in order from one seed, so every fresh start files the same reports, then sent a few at a time: one by one, the
  // 2025 sample's 500-odd reports took half a minute.
  const random = seededRandom(13);
  const today = vnIsoDate(new Date().toISOString());
  const reports: Array<{ unitId: string; report: Record<string, unknown> }> = [];
  for (const unit of units) {
    if (random() > REPORTED_SHARE) continue;
    const attendees = Math.max(0, unit.members - Math.floor(random() * random() * unit.members * 0.1));
    const essaysSubmitted = Math.max(0, unit.essaysExpected - Math.floor(random() * 4));
    reports.push({
      unitId: unit.id,
      report: {
        conferenceDate: today,
        attendees,
        members: unit.members,
        essaysSubmitted,
        essaysExpected: unit.essaysExpected,
        documentNumber: `${10 + Math.floor(random() * 80)}-KH/${demo.reportIssuer[unit.level]}`,
        documentDate: today,
        reportedBy: `Văn phòng ${unit.name}`,
      },
    });
  }
  let next = 0;
  const sender = async () => {
    for (let at = next++; at < reports.length; at = next++) {
      const { unitId, report } = reports[at] as (typeof reports)[number];
      await cascade.report(directiveId, unitId, report, 'demo');
    }
  };
  await Promise.all(Array.from({ length: REPORT_SENDERS }, sender));
  log(`filed ${reports.length} sample reports; the rest await their units`);
}
