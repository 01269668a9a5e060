// What a reorganisation plan reaches, which decides whether a committee's secretariat may apply it.
import { parseReorgPlan, type ReorgPlan } from '../../src/domain/org/reorg-plan';
import { reorgReach } from '../../src/domain/org/reorg-reach';

const NEW = { name: 'Đảng bộ mới', email: 'moi@qn.test', members: 10, essaysExpected: 2 };

function plan(operations: unknown[], extra: Record<string, unknown> = {}): ReorgPlan {
  const parsed = parseReorgPlan({ effectiveAt: '01/07/2025', operations, ...extra });
  if (!parsed.ok) throw new Error(parsed.issues.map((i) => i.message).join('; '));
  return parsed.plan;
}

test('each operation names the existing units it changes and those it hangs units under; new units are in neither', () => {
  const reach = reorgReach(
    plan([
      { move: { unit: 'D1-C1', to: 'D3' } },
      { merge: { units: ['D1', 'D2'], into: { id: 'D12', ...NEW, parent: 'QN' } } },
      { merge: { units: ['D3-C1', 'D3-C2'], into: 'D3-C3' } },
      {
        split: {
          unit: 'D4',
          into: [
            { id: 'D4A', ...NEW, children: ['D4-C1'] },
            { id: 'D4B', ...NEW },
          ],
        },
      },
      { rename: { unit: 'D5', name: 'Huyện ủy 5' } },
      { dissolve: { unit: 'D6', childrenTo: 'D5' } },
      { create: { id: 'D7-C9', ...NEW, level: 'cell', parent: 'D12' } },
    ]),
  );
  expect(reach.changed.sort()).toEqual(['D1', 'D1-C1', 'D2', 'D3-C1', 'D3-C2', 'D3-C3', 'D4', 'D4-C1', 'D5', 'D6'].sort());
  expect(reach.anchors.sort()).toEqual(['D3', 'D5', 'QN']);
  expect(reach.national).toEqual([]);
});

test('a level dissolved everywhere and declared levels concern the whole organisation', () => {
  const levels = [
    { name: 'central', label: { vi: 'Trung ương', en: 'Central' } },
    { name: 'province', label: { vi: 'Tỉnh', en: 'Province' } },
    { name: 'commune', label: { vi: 'Xã', en: 'Commune' } },
  ];
  const reach = reorgReach(plan([{ dissolve: { level: 'district' } }], { levels }));
  expect(reach.national).toEqual(['dissolve the level district', 'declare the organisation’s levels']);
  expect(reach.changed).toEqual([]);
});
