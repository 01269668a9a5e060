/**
 * First start on an empty data folder: import the sample province, launch the sample directive,
 * and file a share of the reports, so the dashboard has a live cascade to show. Later starts
 * find both in place and change nothing.
 */
import type { CascadeClient } from '../../app/cascade-client';
import { requireValidOrg } from '../../domain/org/org';
import { vnIsoDate } from '../../domain/time/vn-time';
import { sampleDirectiveSpec } from './sample-directive';
import { sampleProvince, seededRandom } from './sample-province';

/** Share of cells and districts whose report the demo files at launch. */
const REPORTED_SHARE = 0.4;

/** Imports and launches when nothing is there yet; returns the demo directive's id. */
export async function bootstrapDemo(cascade: CascadeClient, log: (line: string) => void): Promise<string | null> {
  if ((await cascade.organisation()).length === 0) {
    const units = sampleProvince();
    await cascade.importOrganisation(requireValidOrg(units));
    log(`imported the sample organisation: ${units.length} units (Tỉnh ủy Quảng Ninh, 21 district-level committees, 695 cells)`);
  }
  const existing = await cascade.directives();
  if (existing.length > 0) return existing[0]?.id ?? null;

  const launched = await cascade.launch(sampleDirectiveSpec(new Date()));
  log(
    `launched ${launched.directiveId}: ${Object.entries(launched.unitsPerLevel)
      .map(([l, n]) => `${n} ${l}`)
      .join(', ')}`,
  );
  void fileSampleReports(cascade, launched.directiveId, log).catch((err) => log(`sample reports stopped: ${(err as Error).message}`));
  return launched.directiveId;
}

/** Files reports for a seeded share of units once the cascade has reached them. */
async function fileSampleReports(cascade: CascadeClient, directiveId: string, log: (line: string) => void): Promise<void> {
  const units = sampleProvince().filter((u) => u.level === 'cell' || u.level === 'district');
  for (let i = 0; i < 600; i++) {
    const rollup = await cascade.rollup(directiveId).catch(() => null);
    if (rollup && rollup.levels.reduce((n, l) => n + l.expected, 0) >= units.length + 1) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const random = seededRandom(13);
  const today = vnIsoDate(new Date().toISOString());
  let filed = 0;
  for (const unit of units) {
    if (random() > REPORTED_SHARE) continue;
    const attendees = Math.max(0, unit.members - Math.floor(random() * random() * unit.members * 0.1));
    const essaysSubmitted = Math.max(0, unit.essaysExpected - Math.floor(random() * 4));
    await cascade.report(
      directiveId,
      unit.id,
      {
        conferenceDate: today,
        attendees,
        members: unit.members,
        essaysSubmitted,
        essaysExpected: unit.essaysExpected,
        documentNumber: `${10 + Math.floor(random() * 80)}-KH/${unit.level === 'district' ? 'HU' : 'ĐU'}`,
        documentDate: today,
        reportedBy: `Văn phòng ${unit.name}`,
      },
      'demo',
    );
    filed += 1;
  }
  log(`filed ${filed} sample reports; the rest await their units`);
}
