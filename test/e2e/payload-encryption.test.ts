// With PAYLOAD_ENCRYPTION_KEY, what Temporal stores is ciphertext: unit names, reports and
// emails are unreadable in its UI or CLI without the key, while the cascade works as before; and
// failures' messages travel encrypted too, read back whole by the clients that hold the key.
import crypto from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { AesGcmPayloadCodec, dataConverterFor } from '../../src/security/payload-codec';
import { ConflictError } from '../../src/app/errors';
import { ApplicationFailure } from '@temporalio/common';
import { loadDataConverter } from '@temporalio/common/lib/internal-non-workflow';
import { encodeErrorToFailure, decodeOptionalFailureToOptionalError } from '@temporalio/common/lib/internal-non-workflow/codec-helpers';
import { committeeWorkflowId } from '../../src/engine/protocol';
import { eventually, startCascadeEnv, type CascadeEnv } from '../harness/cascade-env';
import { requiredTestEnv } from '../harness/env';
import { SMALL_ORG, smallReport, smallSpec } from '../engine/small-org';

const KEY = crypto.randomBytes(32).toString('base64');
let env: CascadeEnv;
beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: false, payloadEncryptionKey: KEY });
  await env.importOrg(SMALL_ORG);
}, 120_000);
afterAll(() => env?.stop());

test('histories hold only ciphertext, and the cascade still reports and rolls up', async () => {
  const today = vnIsoDate(new Date().toISOString());
  // Workflow ids are shared by every test file on the dev server: a code no other file launches.
  const { directiveId, started } = await env.cascade.launch(smallSpec('71-CT/TW', today, Number(today.slice(0, 4)) + 1));
  expect(started).toBe(true);
  // Reports go to committees that have loaded their units: wait for the cascade to reach them.
  await eventually(
    async () => (await env.cascade.rollup(directiveId)).levels.reduce((n, l) => n + l.expected, 0) === 10,
    90_000,
    'the cascade to reach every unit',
  );
  await env.cascade.report(directiveId, 'D1-C1', { ...smallReport('D1-C1', today, 17), reportedBy: 'Bí thư Nguyễn Văn Mật' }, 'secret-actor');
  const rollup = await eventually(
    async () => {
      const r = await env.cascade.rollup(directiveId);
      return r.levels.find((l) => l.level === 'cell')?.done === 1 && r;
    },
    30_000,
    'the rollup',
  );
  expect(rollup.attendance).toMatchObject({ attendees: 17, members: 20 });
  // A refusal made in the workflow sandbox (its failure converter is in the bundle) reaches the
  // caller with its message and rule whole.
  const again = env.cascade.report(directiveId, 'D1-C1', smallReport('D1-C1', today, 17), 'secret-actor');
  await expect(again).rejects.toBeInstanceOf(ConflictError);
  await expect(again).rejects.toMatchObject({ code: 'already-reported', message: expect.stringContaining('D1-C1') });

  // Read the raw history without the key, as Temporal's UI would.
  const connection = await Connection.connect({ address: requiredTestEnv('TEST_TEMPORAL_ADDRESS') });
  try {
    const raw = await new Client({ connection }).workflow.getHandle(committeeWorkflowId(directiveId, 'D1')).fetchHistory();
    const bytes = Buffer.from(temporal.api.history.v1.History.encode(raw).finish());
    for (const secret of ['Chi bộ 1.1', 'Nguyễn Văn Mật', 'secret-actor', 'd1c1@qn.test', 'Huyện ủy 1']) {
      expect([secret, bytes.includes(Buffer.from(secret))]).toEqual([secret, false]);
    }
    expect(bytes.includes(Buffer.from('binary/encrypted'))).toBe(true);
  } finally {
    await connection.close();
  }
});

test('a payload encrypted under one key is refused under another, naming both', async () => {
  const payload = { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('{"unit":"Chi bộ 1.1"}') };
  const [sealed] = await new AesGcmPayloadCodec(Buffer.from(KEY, 'base64')).encode([payload]);
  const other = new AesGcmPayloadCodec(crypto.randomBytes(32));
  await expect(other.decode([sealed!])).rejects.toThrow(/was encrypted with key [0-9a-f]{12}, not with this PAYLOAD_ENCRYPTION_KEY/);
  const [opened] = await new AesGcmPayloadCodec(Buffer.from(KEY, 'base64')).decode([sealed!]);
  expect(Buffer.from(opened!.data!).toString()).toBe('{"unit":"Chi bộ 1.1"}');
});

test("a failure's message and stack go encrypted, and come back whole with the key", async () => {
  const converter = loadDataConverter(dataConverterFor(KEY));
  const error = ApplicationFailure.nonRetryable('báo cáo của Chi bộ 1.1 (Bí thư Nguyễn Văn Mật) bị từ chối', 'TrackRuleError', { rule: 'closed' });
  const failure = await encodeErrorToFailure(converter, error);
  const bytes = Buffer.from(temporal.api.failure.v1.Failure.encode(failure).finish());
  for (const secret of ['Chi bộ 1.1', 'Nguyễn Văn Mật', 'closed']) expect([secret, bytes.includes(Buffer.from(secret))]).toEqual([secret, false]);
  expect(failure.applicationFailureInfo?.type).toBe('TrackRuleError');
  const back = await decodeOptionalFailureToOptionalError(converter, failure);
  expect(back).toBeInstanceOf(ApplicationFailure);
  expect(back).toMatchObject({ message: error.message, type: 'TrackRuleError', details: [{ rule: 'closed' }] });
  // Without the key (no data converter), only the placeholder is readable.
  expect(failure.message).toBe('Encoded failure');
});
