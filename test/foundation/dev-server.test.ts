import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { healthCheckWorkflow } from '../../src/engine/workflows';
import { DirectiveKey } from '../../src/engine/search-attributes';
import { requiredTestEnv } from '../harness/env';

describe('the Temporal dev server started from the built CLI', () => {
  const address = requiredTestEnv('TEST_TEMPORAL_ADDRESS');
  const taskQueue = `foundation-${Date.now()}`;
  let connection: Connection;
  let nativeConnection: NativeConnection;
  let client: Client;

  beforeAll(async () => {
    connection = await Connection.connect({ address });
    nativeConnection = await NativeConnection.connect({ address });
    client = new Client({ connection });
  });
  afterAll(async () => {
    await connection.close();
    await nativeConnection.close();
  });

  test('is the CLI binary the project built or was pointed to, not a download', () => {
    const origin = requiredTestEnv('TEST_TEMPORAL_ORIGIN');
    if (!process.env.TEMPORAL_ADDRESS) expect(origin).toMatch(/^(cache|go-build|PATH|TEMPORAL_CLI_PATH) \/.*temporal$/);
  });

  test('runs a workflow on a worker and lists it by a custom search attribute', async () => {
    const worker = await Worker.create({
      connection: nativeConnection,
      taskQueue,
      workflowsPath: require.resolve('../../src/engine/workflows'),
    });
    const directive = `foundation-${Date.now()}`;
    const result = await worker.runUntil(
      client.workflow.execute(healthCheckWorkflow, {
        taskQueue,
        workflowId: `${directive}-health`,
        typedSearchAttributes: [{ key: DirectiveKey, value: directive }],
      }),
    );
    expect(result).toBe('ok');

    // Visibility is eventually consistent: poll briefly.
    let ids: string[] = [];
    for (let i = 0; i < 50 && ids.length === 0; i++) {
      ids = [];
      for await (const wf of client.workflow.list({ query: `CascadeDirective = "${directive}"` })) ids.push(wf.workflowId);
      if (ids.length === 0) await new Promise((r) => setTimeout(r, 200));
    }
    expect(ids).toEqual([`${directive}-health`]);
  });
});
