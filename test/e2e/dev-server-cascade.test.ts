// End to end on the Temporal dev server built from source (real time, SQLite): launch, notices
// received over SMTP, a report, live queries, and committees listed by their search attributes
// through the client — the same listing Temporal's CLI and Web UI offer.
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { committeeWorkflowId } from '../../src/engine/protocol';
import { verifyReportToken } from '../../src/security/report-link';
import { eventually, startCascadeEnv, TEST_LINK_SECRET, type CascadeEnv } from '../harness/cascade-env';
import { messageKey, SMALL_ORG, smallReport, smallSpec } from '../engine/small-org';

let env: CascadeEnv;
beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: false });
  await env.importOrg(SMALL_ORG);
}, 120_000);
afterAll(() => env?.stop());

test('launch, notices, a report through the signed link, queries and search-attribute listings', async () => {
  const today = vnIsoDate(new Date().toISOString());
  const year = Number(today.slice(0, 4)) + 1;
  const { directiveId } = await env.cascade.launch(smallSpec('09-CT/TW', today, year));

  const notices = await eventually(
    async () => {
      const m = await env.mails((mail) => messageKey(mail.messageId)?.directive === directiveId);
      return m.length === 10 && m;
    },
    60_000,
    'ten notices',
  );
  const cellNotice = notices.find((m) => messageKey(m.messageId)?.unit === 'D2-C1')!;
  const token = /\/report\/([A-Za-z0-9_.-]+)/.exec(cellNotice.text ?? '')?.[1];
  const verified = verifyReportToken(token ?? '', TEST_LINK_SECRET);
  expect(verified).toMatchObject({ ok: true, directiveId, unitId: 'D2-C1' });

  const view = await env.cascade.report(directiveId, 'D2-C1', smallReport('D2-C1', today, 16), 'Bí thư chi bộ');
  expect(view).toMatchObject({ unitId: 'D2-C1', status: 'done-on-time', report: { attendees: 16, members: 20 } });
  await env.cascade.report(directiveId, 'D1', smallReport('D1', today, 38, 40), 'Văn phòng Huyện ủy 1');

  const rollup = await eventually(
    async () => {
      const r = await env.cascade.rollup(directiveId);
      return r.levels.find((l) => l.level === 'cell')?.done === 1 && r.levels.find((l) => l.level === 'district')?.done === 1 && r;
    },
    30_000,
    'the root rollup',
  );
  expect(rollup.attendance).toEqual({ attendees: 54, members: 60, rate: 90 });
  const district = await env.cascade.committee(directiveId, 'D2');
  expect(district.units.map((u) => [u.unitId, u.status])).toEqual([
    ['D2-C1', 'done-on-time'],
    ['D2-C2', 'pending'],
  ]);

  // Visibility is eventually consistent: poll the listings.
  await eventually(async () => (await env.cascade.listCommittees(directiveId, { level: 'district', parent: 'QN' })).length === 3, 30_000, 'districts listed');
  expect(await env.cascade.listCommittees(directiveId, { level: 'district', parent: 'QN' })).toEqual(['D1', 'D2', 'D3']);
  await eventually(
    async () => (await env.cascade.listCommittees(directiveId, { status: 'done-on-time' })).join() === 'D1',
    30_000,
    'D1 listed as done on time',
  );
  expect(await env.cascade.listCommittees(directiveId, { level: 'district', status: 'pending' })).toEqual(['D2', 'D3']);
  // Each committee writes its status attribute only when it changes: D1 once (done-on-time), D2 never
  // (started as pending, still pending). The workflow of v1 takes no patch, so the SDK upserts no
  // TemporalChangeVersion (it does once per patch a run takes).
  const upsertedKeys = async (unit: string) => {
    const history = await env.temporal.workflow.getHandle(committeeWorkflowId(directiveId, unit)).fetchHistory();
    return (history.events ?? []).flatMap((e) => Object.keys(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {}));
  };
  expect([await upsertedKeys('D1'), await upsertedKeys('D2')]).toEqual([['CascadeStatus'], []]);

  const listed = await eventually(
    async () => {
      const l = await env.cascade.listUnits(directiveId, { under: 'D2', level: 'cell' });
      return l.total === 2 && l.units.some((u) => u.status === 'done-on-time') && l;
    },
    30_000,
    'the projection of D2',
  );
  expect(listed.units.map((u) => [u.unitId, u.status, u.attendees])).toEqual([
    ['D2-C1', 'done-on-time', 16],
    ['D2-C2', 'pending', null],
  ]);
});
