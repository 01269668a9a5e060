// Experiment: CPU cost of the committee-state code a report runs (validator + handler), and of a rollup, for a large district.
import type { CommitteeLoad, DirectiveRuntime } from '../../../src/domain/cascade/records';
import { toRuntime } from '../../../src/app/cascade-client';
import { validateDirectiveSpec } from '../../../src/domain/directive/directive';
import { requireValidOrg } from '../../../src/domain/org/org';
import { CommitteeState } from '../../../src/engine/committee/state';
import { benchDirectiveSpec } from '../context';
import { generateOrg } from '../generate-org';
import { planReports, reportBody } from '../phases/reports';

const org = generateOrg({ units: 55_000 });
const tree = requireValidOrg(org.units);
const directive: DirectiveRuntime = toRuntime(validateDirectiveSpec(benchDirectiveSpec()), tree);
const districtId = org.largestDistrict.id;
const unit = (id: string) => {
  const u = tree.require(id);
  return {
    unitId: u.id,
    name: u.name,
    level: u.level,
    parentId: u.parentId,
    members: u.members,
    essaysExpected: u.essaysExpected,
    hasChildren: tree.children(u.id).length > 0,
  };
};
const load: CommitteeLoad = { self: unit(districtId), children: tree.children(districtId).map((c) => unit(c.id)) };
const now = new Date().toISOString();
const state = CommitteeState.fromLoad(
  directive,
  districtId,
  tree.ancestors(districtId).map((a) => a.id),
  now,
  load,
  now,
);
const plans = planReports(org).filter((p) => p.unitId.startsWith(`${districtId}-`));
const time = (label: string, n: number, f: (i: number) => void) => {
  const t = performance.now();
  for (let i = 0; i < n; i++) f(i);
  console.log(`${label}: ${((performance.now() - t) / n).toFixed(3)} ms each`);
};
const today = now.slice(0, 10);
time('checkReport (validator)', plans.length, (i) =>
  state.checkReport({ unitId: plans[i]!.unitId, report: reportBody(plans[i]!.unitId, plans[i]!.figures, today, i), actor: 'x' }, now, false),
);
time('report (handler)', plans.length, (i) =>
  state.report({ unitId: plans[i]!.unitId, report: reportBody(plans[i]!.unitId, plans[i]!.figures, today, i), actor: 'x' }, now, false),
);
time(`rollup of ${load.children.length} cells`, 50, () => JSON.stringify(state.rollup(now)));
time('onTimer', 20, () => state.onTimer(new Date().toISOString()));
time('view (stateQuery)', 20, () => state.view(now));
