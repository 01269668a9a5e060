// Known bugs the fault suite found (evidence/README.md), kept reproducible: histories written before a fix
// still show the bug through the old code path that replays them. Each test asserts the bug, so it
// goes red if the old path ever stops reproducing it (for example an SDK that groups jobs alike).
import fs from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from './fault-stack';

const EVIDENCE = path.join(__dirname, 'evidence', 'concurrent-updates-cold-committee--P01-D01.binpb');

test('FIXED, KEPT AS EVIDENCE: a committee history the pre-settle-before-journal code wrote with two updates in one cold workflow task does not replay with that code', async () => {
  const history = temporal.api.history.v1.History.decode(fs.readFileSync(EVIDENCE));
  await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, 'cascade/24-CT-TW-2026/P01-D01')).rejects.toThrow(
    'Nondeterminism error: Signal external WF machine does not handle this event: HistoryEvent(id: 43, WorkflowExecutionUpdateCompleted)',
  );
}, 120_000);
