// Whatever the report schema accepts reaches storage intact (issue 13, "close the class"): fast-check
// drives random reports and corrections through the whole path on the dev server and real
// PostgreSQL: API (app.inject) → CascadeClient → Temporal update → journal (the caller's write, and
// for reports sent straight to the committee the committee's own write) → PostgreSQL → rollup.
// Text comes from full-Unicode/binary arbitraries (NUL, lone surrogates, decomposed Vietnamese,
// emoji), counts from 0 to beyond int4, dates around the allowed range. Only the domain's own
// validation filters: what it refuses is skipped; what it accepts must be answered 200 and be read
// back exactly as the validator normalised it, in the audit payload and the unit projection, and
// the rollup's sums must equal the sums of the reports in force.
import { arrivedBeforeHandlers } from '../../src/app/errors';
import '../api/inject-shim';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app';
import { sameReport, validateReport, type CompletionReport } from '../../src/domain/track/completion-report';
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { committeeWorkflowId, correctUpdate, reportUpdate } from '../../src/engine/protocol';
import { bearer, testAppDeps, tokenFor } from '../api/api-fixtures';
import { SMALL_ORG, smallSpec } from '../engine/small-org';
import { eventually, QUICK_JOURNAL_LIMITS, startCascadeEnv, type CascadeEnv } from '../harness/cascade-env';

const today = vnIsoDate(new Date().toISOString());
const DAY = 86_400_000;
const isoDay = (offsetDays: number) => new Date(Date.parse(`${today}T00:00:00Z`) + offsetDays * DAY).toISOString().slice(0, 10);
/** Issued three years ago, so report dates range over about 1,100 allowed days. */
const ISSUED_ON = isoDay(-3 * 365);
const SPAN_DAYS = 3 * 365;
/** Every unit but the root (the issuer) reports. */
const UNITS = SMALL_ORG.filter((u) => u.parentId !== null).map((u) => u.id);
const ACTOR = 'Văn phòng';
const RUNS = Number(process.env.REPORT_PROPERTY_RUNS ?? 100);

// ---- arbitraries: shapes only; whether a value is acceptable is the validator's call ----

const cleanPiece = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.constantFrom(
    'Chi bộ khu 7'.normalize('NFD'),
    'Đảng ủy phường Hồng Gai',
    'Nghị quyết'.normalize('NFD'),
    '😀👍🏽',
    '👨‍👩‍👧',
    ' ',
    '"\\',
    '\u200B',
    '\u202E',
    '=HYPERLINK("x")',
    '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  ),
);
const wildPiece = fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), fc.constantFrom('\u0000', '\uD800', '\uDC00', '\n', '\r\n', '\t', '\u0085', '\u2028'));
/** Mostly printable text (which the validator may accept), sometimes anything at all (binary, NUL, lone surrogates, controls). */
const text = (maxPieces: number, minPieces = 0) =>
  fc
    .oneof(
      { weight: 4, arbitrary: fc.array(cleanPiece, { minLength: minPieces, maxLength: maxPieces }) },
      { weight: 1, arbitrary: fc.array(fc.oneof(cleanPiece, wildPiece), { minLength: minPieces, maxLength: maxPieces }) },
    )
    .map((parts) => parts.join(''));
const count = fc.oneof(
  { weight: 10, arbitrary: fc.integer({ min: 0, max: 2_147_483_647 }) },
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 200 }) },
  { weight: 2, arbitrary: fc.constantFrom(0, 1, 2_147_483_646, 2_147_483_647) },
  // Beyond what PostgreSQL's integer holds: the validator must refuse these, or they must be stored.
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.integer({ min: 2_147_483_648, max: Number.MAX_SAFE_INTEGER }),
      fc.constantFrom(2_147_483_648, 3_000_000_000, Number.MAX_SAFE_INTEGER),
    ),
  },
);
/** A part and a whole with part ≤ whole most of the time, so the cross-field rule lets most through. */
const partOfWhole = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(count, fc.double({ min: 0, max: 1, noNaN: true })).map(([whole, share]) => [Math.floor(whole * share), whole] as const) },
  { weight: 1, arbitrary: fc.tuple(count, count) },
);
const date = fc.tuple(fc.integer({ min: -SPAN_DAYS - 2, max: 2 }), fc.constantFrom('iso', 'dmy', 'dmy-padded')).map(([offset, form]) => {
  const iso = isoDay(offset);
  const [y, m, d] = iso.split('-');
  return form === 'iso' ? iso : form === 'dmy' ? `${Number(d)}/${Number(m)}/${y}` : `${d}/${m}/${y}`;
});
const documentNumber = fc.oneof(
  {
    weight: 9,
    arbitrary: fc
      .tuple(
        fc.integer({ min: 1, max: 999_999 }),
        fc.constantFrom('KH', 'CTr', 'HD', 'CV', 'BC'),
        fc.constantFrom('TU', 'ĐU', 'BTGTW', 'HU', 'ĐU'.normalize('NFD')),
      )
      .map(([n, t, i]) => `${n}-${t}/${i}`),
  },
  { weight: 1, arbitrary: text(4) },
);
const reportInput = fc
  .record({
    figures: partOfWhole,
    essays: partOfWhole,
    conferenceDate: date,
    documentDate: date,
    documentNumber,
    reportedBy: text(6, 1),
    notes: fc.option(text(30), { nil: undefined }),
  })
  .map(({ figures, essays, notes, ...rest }) => ({
    ...rest,
    attendees: figures[0],
    members: figures[1],
    essaysSubmitted: essays[0],
    essaysExpected: essays[1],
    ...(notes === undefined ? {} : { notes }),
  }));
/** How a command reaches the committee: through the API (its caller writes the journal), or straight to the workflow (only the committee writes it). */
const command = fc.record({
  unitId: fc.constantFrom(...UNITS),
  input: reportInput,
  via: fc.oneof({ weight: 3, arbitrary: fc.constant('api' as const) }, { weight: 1, arbitrary: fc.constant('workflow' as const) }),
});

// ---- the stack ----

let env: CascadeEnv;
let app: FastifyInstance;
let directiveId: string;

beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: false, limits: QUICK_JOURNAL_LIMITS });
  await env.importOrg(SMALL_ORG);
  directiveId = (await env.cascade.launch(smallSpec('914-CT/TW', ISSUED_ON, Number(today.slice(0, 4)) + 1))).directiveId;
  await eventually(async () => (await env.cascade.listUnits(directiveId)).total === UNITS.length, 60_000, 'every unit projected');
  app = buildApp(testAppDeps(env.cascade, { RATE_LIMIT_REPORTS: 1_000_000 }));
}, 120_000);
afterAll(async () => {
  await app?.close();
  await env?.stop();
});

type Stored = { unitId: string; kind: string; report: unknown };

const storedReports = async (): Promise<Stored[]> =>
  (
    await env.db.pool.query<{ unit_id: string; kind: string; payload: { report: unknown } }>(
      `SELECT unit_id, kind, payload FROM audit_log WHERE directive_id = $1 AND kind IN ('report', 'correction') ORDER BY occurred_at, id`,
      [directiveId],
    )
  ).rows.map((r) => ({ unitId: r.unit_id, kind: r.kind, report: r.payload.report }));
const storedFigures = async (unitId: string) =>
  (
    await env.db.pool.query<{
      status: string;
      attendees: number | null;
      members: number | null;
      essaysSubmitted: number | null;
      essaysExpected: number | null;
    }>(
      `SELECT status, attendees, members, essays_submitted AS "essaysSubmitted", essays_expected AS "essaysExpected" FROM unit_projection WHERE directive_id = $1 AND unit_id = $2`,
      [directiveId, unitId],
    )
  ).rows[0];
const figuresOf = (r: CompletionReport) => ({
  status: 'done-on-time',
  attendees: r.attendees,
  members: r.members,
  essaysSubmitted: r.essaysSubmitted,
  essaysExpected: r.essaysExpected,
});
const byUnit = (list: Stored[]) => Object.fromEntries(UNITS.map((u) => [u, list.filter((s) => s.unitId === u).map((s) => [s.kind, s.report])]));

test('every report and correction the validator accepts is stored and read back intact, and the rollup sums what is in force', async () => {
  const inForce = new Map<string, CompletionReport>();
  const expected: Stored[] = [];
  const sent = new Set<string>();
  const tally = { generated: 0, refused: 0, repeats: 0, api: 0, workflow: 0 };

  await fc.assert(
    fc.asyncProperty(command, async ({ unitId, input, via }) => {
      tally.generated += 1;
      const checked = validateReport(input, { unitId, now: new Date().toISOString(), directiveIssuedOn: ISSUED_ON });
      if (!checked.ok) {
        tally.refused += 1;
        return;
      }
      const report = checked.report;
      const current = inForce.get(unitId);
      const kind = current ? 'correction' : 'report';
      // The same command again is answered from Temporal's record, and a correction equal to the
      // report in force records nothing: both are rules of their own, not what this test is about.
      const key = JSON.stringify([kind, unitId, report]);
      if (sent.has(key) || (current && sameReport(current, report))) {
        tally.repeats += 1;
        return;
      }
      sent.add(key);
      tally[via] += 1;
      if (via === 'api') {
        const res = await app.inject({
          method: 'POST',
          url: `/api/directives/${directiveId}/units/${unitId}/${current ? 'correct' : 'report'}`,
          headers: bearer(tokenFor('unit', unitId)),
          payload: input,
        });
        expect([res.statusCode, res.json<{ status?: string }>().status]).toEqual([200, 'done-on-time']);
        // The caller wrote the journal before answering: the audit record and the projection are in.
        const mine = (await storedReports()).filter((s) => s.unitId === unitId);
        expect(mine.at(-1)).toEqual({ unitId, kind, report });
        expect(await storedFigures(unitId)).toEqual(figuresOf(report));
      } else {
        // A unit with units under it is held by its own committee, a leaf by its parent's.
        const holder = SMALL_ORG.some((u) => u.parentId === unitId) ? unitId : (SMALL_ORG.find((u) => u.id === unitId)?.parentId as string);
        const handle = env.temporal.workflow.getHandle(committeeWorkflowId(directiveId, holder));
        // A committee a moment after the launch may not have registered its handlers yet; the client repeats such an update, and so does this direct call.
        for (let attempt = 1; ; attempt++) {
          try {
            await handle.executeUpdate(current ? correctUpdate : reportUpdate, { args: [{ unitId, report: input, actor: ACTOR }] });
            break;
          } catch (err) {
            if (!arrivedBeforeHandlers(err) || attempt === 50) throw err;
            await new Promise((r) => setTimeout(r, 100));
          }
        }
      }
      inForce.set(unitId, report);
      expected.push({ unitId, kind, report });
    }),
    { numRuns: RUNS, endOnFailure: true },
  );
  console.log(`[report-storage-property] ${JSON.stringify(tally)}`);
  expect(tally.api + tally.workflow).toBeGreaterThan(RUNS / 4);

  // The committees' own writes (of what was sent straight to them) land within a second or two.
  const want = byUnit(expected);
  await eventually(async () => JSON.stringify(byUnit(await storedReports())) === JSON.stringify(want), 30_000, 'the committees’ own journal writes').catch(
    () => undefined,
  );
  expect(byUnit(await storedReports())).toEqual(want);
  for (const [unitId, report] of inForce) expect([unitId, await storedFigures(unitId)]).toEqual([unitId, figuresOf(report)]);

  const sum = (pick: (r: CompletionReport) => number) => [...inForce.values()].reduce((total, r) => total + pick(r), 0);
  const rollup = await env.cascade.rollup(directiveId);
  expect(rollup.attendance).toMatchObject({ attendees: sum((r) => r.attendees), members: sum((r) => r.members) });
  expect(rollup.essays).toMatchObject({ submitted: sum((r) => r.essaysSubmitted), expected: sum((r) => r.essaysExpected) });
  expect(await env.cascade.quarantine(directiveId)).toEqual([]);
});
