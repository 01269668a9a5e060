/**
 * examples/org-2025.yaml: the 2025 sample organisation written once as a file users can import
 * (`npx cascade org import examples/org-2025.yaml`), so it is the same organisation `npm start`
 * loads with DEMO_ORGANISATION=2025. test/unit/samples-2025.test.ts fails when the two drift;
 * after changing the sample, rewrite the file with
 *   npx tsx -e "require('fs').writeFileSync('examples/org-2025.yaml', require('./src/dev/demo/example-files').org2025ExampleYaml())"
 */
import { Document } from 'yaml';
import { LEVELS_2025, type LevelDefinition } from '../../domain/org/levels';
import type { OrgUnitInput } from '../../domain/org/org';
import { sampleProvince2025 } from './sample-province-2025';

/** Where the file lives, from the repository's root. */
export const ORG_2025_EXAMPLE = 'examples/org-2025.yaml';

const HEADER = [
  ' The 2025 sample organisation (src/dev/demo/sample-province-2025.ts, written by src/dev/demo/example-files.ts; do not edit by hand):',
  ' a merged province with no district tier, central → province → commune → cell. Every name is made up.',
  ' Import it with `npx cascade org import examples/org-2025.yaml`; `DEMO_ORGANISATION=2025 npm start` loads the same on an empty data folder.',
];

/** An organisation file in YAML: its levels, then its units, one per line. */
function organisationYaml(levels: readonly LevelDefinition[], units: readonly OrgUnitInput[], header: readonly string[]): string {
  const document = new Document({ levels, units });
  for (const list of ['levels', 'units']) {
    const node = document.get(list) as { items: Array<{ flow?: boolean }> };
    for (const item of node.items) item.flow = true;
  }
  document.commentBefore = header.join('\n');
  return document.toString({ lineWidth: 0 });
}

/** The text of examples/org-2025.yaml. */
export function org2025ExampleYaml(): string {
  return organisationYaml(LEVELS_2025, sampleProvince2025(), HEADER);
}
