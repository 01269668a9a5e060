// The domain modules the workflow thread shares are deep-frozen by the SDK once loaded
// (src/engine/worker/domain-preload.ts). Frozen the same way here, after the preload settled them,
// the command schemas must still parse good and bad input: zod's lazy writes would throw on a frozen schema.
import { SHARED_DOMAIN_MODULES } from '../../src/engine/worker/domain-preload';
import * as commands from '../../src/domain/directive/commands';
import { CompletionReportSchema } from '../../src/domain/track/completion-report';
import { WorkingCalendarSchema } from '../../src/domain/calendar/working-calendar';
import { DocumentNumberSchema } from '../../src/domain/directive/document-number';
import { UnitIdSchema } from '../../src/domain/org/unit-id';

/** Freezes everything reachable by own properties, read through getters, as the SDK does with shared modules (test/unit/shared-workflow-modules.test.ts keeps the list of what is shared). */
function freezeAll(value: unknown, seen = new Set<unknown>()): void {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value)) return;
  seen.add(value);
  // The SDK's freeze stops at what is frozen already.
  if (Object.isFrozen(value)) return;
  for (const key of Reflect.ownKeys(value)) {
    try {
      freezeAll((value as Record<PropertyKey, unknown>)[key], seen);
    } catch {
      // Some values cannot be read or frozen (typed arrays); the SDK skips them too.
    }
  }
  try {
    Object.freeze(value);
  } catch {
    // As above.
  }
}

const schemas = { ...commands, CompletionReportSchema, WorkingCalendarSchema, DocumentNumberSchema, UnitIdSchema };

beforeAll(() => freezeAll(SHARED_DOMAIN_MODULES));

test('the schemas are frozen', () => {
  expect(Object.isFrozen(commands.ReportCommandSchema)).toBe(true);
  expect(Object.isFrozen((commands.ReportCommandSchema as unknown as { _zod: object })._zod)).toBe(true);
});

type Parser = { safeParse(input: unknown): { success: boolean; data?: unknown; error?: { issues: unknown[] } } };

/** The same modules loaded afresh (nothing shared, nothing frozen), to compare against. */
async function freshSchemas(): Promise<Record<string, unknown>> {
  let fresh: Record<string, unknown> = {};
  await jest.isolateModulesAsync(async () => {
    fresh = {
      ...(await import('../../src/domain/directive/commands')),
      CompletionReportSchema: (await import('../../src/domain/track/completion-report')).CompletionReportSchema,
      WorkingCalendarSchema: (await import('../../src/domain/calendar/working-calendar')).WorkingCalendarSchema,
      DocumentNumberSchema: (await import('../../src/domain/directive/document-number')).DocumentNumberSchema,
      UnitIdSchema: (await import('../../src/domain/org/unit-id')).UnitIdSchema,
    };
  });
  return fresh;
}

const report = {
  conferenceDate: '15/10/2021',
  attendees: 41,
  members: 43,
  essaysSubmitted: 40,
  essaysExpected: 43,
  documentNumber: '12 - BC/TU',
  documentDate: '16/10/2021',
  notes: 'Hội nghị học tập\nđã tổ chức',
  reportedBy: 'Văn phòng Tỉnh ủy',
};
const inputs: unknown[] = [
  undefined,
  null,
  42,
  'P01-D01',
  '=HYPERLINK("x")',
  [],
  {},
  report,
  { ...report, attendees: -1, documentNumber: '', conferenceDate: '31/02/2021' },
  { unitId: 'P01-D01', report, actor: 'qn-office' },
  { unitId: 'P01-D01', actor: 'qn-office', to: '30/06/2027', reason: 'Thiên tai' },
  { unitId: 'bad id!', actor: '', to: 'hôm qua', reason: 'x'.repeat(1_001) },
  { actor: 'tw-office', reason: 'Thu hồi' },
  { holidays: ['01/01/2027'], workdays: [] },
];

test('every frozen schema answers every input exactly as an unshared, unfrozen copy does', async () => {
  const fresh = await freshSchemas();
  let checked = 0;
  for (const [name, schema] of Object.entries(schemas)) {
    if (!schema || typeof schema !== 'object' || !('safeParse' in schema)) continue;
    const twin = fresh[name] as Parser;
    expect(twin).not.toBe(schema);
    for (const input of inputs) {
      const [frozen, unfrozen] = [(schema as Parser).safeParse(input), twin.safeParse(input)];
      expect({ name, input, success: frozen.success, data: frozen.data, issues: frozen.error?.issues }).toEqual({
        name,
        input,
        success: unfrozen.success,
        data: unfrozen.data,
        issues: unfrozen.error?.issues,
      });
    }
    checked++;
  }
  expect(checked).toBeGreaterThan(15);
  // The corpus reaches success as well as failure.
  expect(commands.ReportCommandSchema.safeParse(inputs[9]).success).toBe(true);
  expect(CompletionReportSchema.safeParse(report).success).toBe(true);
  expect(CompletionReportSchema.safeParse(inputs[8]).success).toBe(false);
});
