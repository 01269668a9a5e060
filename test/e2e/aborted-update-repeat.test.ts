// An update the server aborts (its committee continued as new meanwhile) was never applied, so the
// client sends it again: for as long as a reorganisation's continue-as-new storm can last, not only
// eight tries. Here the abort is injected in front of the real server (a client interceptor answers
// as the server does, "Workflow Update failed" with a gRPC INTERNAL cause) for a chosen unit; the
// committee, PostgreSQL and the caller's journal write are real.
import { Client, ServiceError, type WorkflowClientInterceptor } from '@temporalio/client';
import { CascadeClient } from '../../src/app/cascade-client';
import { OutcomeUnknownError } from '../../src/app/errors';
import type { OrgUnitInput } from '../../src/domain/org/org';
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { eventually, startCascadeEnv, type CascadeEnv } from '../harness/cascade-env';
import { smallReport } from '../engine/small-org';

const ORG: OrgUnitInput[] = [
  { id: 'TW', name: 'Bộ Chính trị', level: 'central', parentId: null, email: 'vptw@cascade.test', members: 0, essaysExpected: 0 },
  { id: 'P', name: 'Tỉnh ủy', level: 'province', parentId: 'TW', email: 'tinhuy@cascade.test', members: 10, essaysExpected: 1 },
  ...['C1', 'C2'].map((id) => ({
    id,
    name: `Chi bộ ${id}`,
    level: 'cell',
    parentId: 'P',
    email: `${id.toLowerCase()}@cascade.test`,
    members: 20,
    essaysExpected: 5,
  })),
];

/** Aborts every update to `unitId` until `abortForMs` after the first; counts the tries. */
function aborting(unitId: string, abortForMs: number): { interceptor: WorkflowClientInterceptor; tries: () => number } {
  let first: number | null = null;
  let tries = 0;
  const interceptor: WorkflowClientInterceptor = {
    async startUpdate(input, next) {
      if ((input.args[0] as { unitId?: string } | undefined)?.unitId !== unitId) return next(input);
      tries += 1;
      first ??= Date.now();
      if (Date.now() - first < abortForMs) {
        const grpc = Object.assign(new Error('13 INTERNAL: update aborted (injected)'), { code: 13, details: 'update aborted (injected)', metadata: {} });
        throw new ServiceError('Workflow Update failed', { cause: grpc });
      }
      return next(input);
    },
  };
  return { interceptor, tries: () => tries };
}

let env: CascadeEnv;
let directiveId: string;
const today = vnIsoDate(new Date().toISOString());
beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: false });
  await env.importOrg(ORG);
  const year = Number(today.slice(0, 4)) + 1;
  ({ directiveId } = await env.cascade.launch({
    code: '716-CT/TW',
    title: 'Nghiên cứu, học tập, quán triệt Nghị quyết',
    issuer: 'Bộ Chính trị',
    issuedOn: today,
    root: 'TW',
    deadlines: { province: `Q2/${year}`, cell: `Q3/${year}` },
  }));
  await eventually(
    async () => (await env.cascade.rollup(directiveId)).levels.reduce((n, l) => n + l.expected, 0) === 3,
    60_000,
    'the cascade to reach every unit',
  );
}, 120_000);
afterAll(() => env?.stop());

/** A client of the same server and database whose Temporal calls go through `interceptor`. */
function clientWith(interceptor: WorkflowClientInterceptor, reorganisationWaitMs?: number): CascadeClient {
  const temporal = new Client({
    connection: env.temporal.connection,
    dataConverter: env.temporal.options.dataConverter,
    interceptors: { workflow: [interceptor] },
  });
  return new CascadeClient({ temporal, pool: env.db.pool, taskQueue: env.taskQueue, ...(reorganisationWaitMs !== undefined ? { reorganisationWaitMs } : {}) });
}

test('an update aborted for ten seconds, longer than eight tries last, is sent again until it lands, once', async () => {
  const { interceptor, tries } = aborting('C1', 10_000);
  const view = await clientWith(interceptor).report(directiveId, 'C1', smallReport('C1', today), 'Văn phòng C1');
  expect(view).toMatchObject({ unitId: 'C1', status: 'done-on-time' });
  expect(tries()).toBeGreaterThan(8);
  const rollup = await env.cascade.rollup(directiveId);
  expect(rollup.levels.find((l) => l.level === 'cell')).toMatchObject({ done: 1 });
}, 60_000);

test('past the wait, the caller is told the outcome is unknown, and nothing was recorded', async () => {
  const { interceptor, tries } = aborting('C2', 60_000);
  const started = Date.now();
  await expect(clientWith(interceptor, 3_000).report(directiveId, 'C2', smallReport('C2', today), 'Văn phòng C2')).rejects.toBeInstanceOf(OutcomeUnknownError);
  expect(Date.now() - started).toBeLessThan(10_000);
  expect(tries()).toBeGreaterThan(2);
  const rollup = await env.cascade.rollup(directiveId);
  expect(rollup.levels.find((l) => l.level === 'cell')).toMatchObject({ done: 1 });
}, 60_000);
