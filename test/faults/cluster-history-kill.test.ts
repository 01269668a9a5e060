// On the real cluster (`npm run cluster`'s: the server built from the module proxy, PostgreSQL,
// five processes over 8 history shards), one of the two history processes is killed (SIGKILL) in the
// middle of a national-style launch of 200 units and started again 5 s later. The shards it owned
// move to the other process and back; the launch must finish with every unit received and notified
// once, nothing lost or doubled, and every committee history must replay with today's code.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateOrg } from '../../tools/bench/generate-org';
import { migrate } from '../../src/store/migrate';
import { requireValidOrg } from '../../src/domain/org/org';
import { startSmtpSink, type SmtpSink } from '../../src/dev/stack/smtp-sink';
import { startLocalCluster, type LocalCluster } from '../../src/dev/cluster/local-cluster';
import { freePort } from '../../src/dev/toolchain/free-port';
import { committeeWorkflowId } from '../../src/engine/protocol';
import { createTestDatabase, type TestDatabase } from '../harness/database';
import { ledgerKind, ledgerTally } from './db-tally';
import { farSpec, receivedIn, reportSummary } from './fault-fixtures';
import { startFaultStack, workflowBundle, type FaultStack } from './fault-stack';
import { kindTally, tallyMail } from './mail-tally';
import { waitUntil } from './wait-until';
import { nonReplayableHistories } from './workflow-diagnostics';

const org = generateOrg({ units: 200, seed: 'faults-cluster-history' });
const UNITS = org.units.length - 1;
const committees = org.units.filter((u) => org.units.some((c) => c.parentId === u.id)).map((u) => u.id);

let dataDir: string;
let cluster: LocalCluster;
let db: TestDatabase;
let sink: SmtpSink;
let stack: FaultStack;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-cluster-'));
  // PostgreSQL runs as its own user (as root, Debian's postgres), which must reach its folder inside.
  fs.chmodSync(dataDir, 0o755);
  // The cluster takes the frontend's port and the next four (and those +100 for membership); 27233 is clear of the dev servers'.
  cluster = await startLocalCluster({ dataDir, basePort: 27233, postgresPort: await freePort(), historyShards: 8, namespace: 'default', log: () => undefined });
  db = await createTestDatabase();
  await migrate(db.pool);
  sink = await startSmtpSink();
  stack = await startFaultStack({ address: cluster.address, pool: db.pool, smtpUrl: sink.url });
}, 1_200_000);

afterAll(async () => {
  await stack?.stop();
  await sink?.stop();
  await db?.drop();
  await cluster?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}, 120_000);

test('a history process killed mid-launch and restarted: every unit received and notified once, every history replays', async () => {
  const started = Date.now();
  await stack.cascade.importOrganisation(requireValidOrg(org.units));
  const { directiveId } = await stack.cascade.launch(farSpec('24-KH/TW'));
  // Mid-launch: some notices out, not all.
  await waitUntil('the first notices', 120_000, async () => {
    const notices = kindTally(tallyMail(sink.messages, directiveId), 'notice').distinct;
    return { done: notices > 0, state: notices };
  });
  const noticesAtKill = kindTally(tallyMail(sink.messages, directiveId), 'notice').distinct;
  await cluster.stopProcess('history-1', { kill: true });
  await new Promise((r) => setTimeout(r, 5_000));
  cluster.startProcess('history-1');

  await waitUntil(`${UNITS} units received`, 300_000, async () => {
    const r = await stack.cascade.rollup(directiveId).catch(() => null);
    return { done: r !== null && receivedIn(r) === UNITS, state: r?.levels };
  });
  await waitUntil(`${UNITS} notices`, 300_000, async () => {
    const notices = kindTally(tallyMail(sink.messages, directiveId), 'notice');
    return { done: notices.distinct === UNITS, state: notices };
  });
  const rollup = await stack.cascade.rollup(directiveId);
  const mail = tallyMail(sink.messages, directiveId);
  const ledger = await ledgerTally(db.pool, directiveId);
  const nonReplayable = await nonReplayableHistories(
    stack.temporal,
    committees.map((id) => committeeWorkflowId(directiveId, id)),
    await workflowBundle(),
  );
  reportSummary({
    test: 'cluster-history-kill',
    faultsInjected: { historyProcessKills: 1 },
    noticesAtKill,
    units: { expected: UNITS, found: receivedIn(rollup) },
    lost: { units: UNITS - receivedIn(rollup), notices: UNITS - kindTally(mail, 'notice').distinct },
    duplicates: { ledger: ledgerKind(ledger, 'notice').duplicates, sink: mail.total.duplicates },
    nonReplayableHistories: nonReplayable,
    seconds: Math.round((Date.now() - started) / 1000),
  });
  expect(noticesAtKill).toBeLessThan(UNITS);
  expect(receivedIn(rollup)).toBe(UNITS);
  expect(ledgerKind(ledger, 'notice').duplicates).toBe(0);
  expect(mail.total.duplicates).toBe(0);
  expect(nonReplayable).toEqual([]);
  expect(stack.workerFailure()).toBeNull();
}, 900_000);
