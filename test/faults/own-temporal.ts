/**
 * A Temporal dev server of one fault test's own, on a SQLite file and a port that stay the same
 * across restarts: stopping it and starting it again is the fault, and what survives is what the
 * SQLite file kept. Nothing else shares it, so a restart disturbs no other test.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTemporal, type RunningTemporal } from '../../src/dev/stack/dev-server';
import { freePort } from '../../src/dev/toolchain/free-port';

/** A restartable dev server. */
export interface OwnTemporal {
  address: string;
  /** Folder of the SQLite file and the server's log. */
  dir: string;
  /** Stops the server process (SIGTERM, then SIGKILL after 15 s); the SQLite file stays. */
  stop(): Promise<void>;
  /** Starts it again on the same port and SQLite file; resolves once it serves the namespace. */
  start(): Promise<void>;
  /** Stops it for good and removes its folder. */
  dispose(): Promise<void>;
}

/** Starts a dev server in a fresh temp folder (`name` labels the folder). */
export async function startOwnTemporal(name: string): Promise<OwnTemporal> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cascade-fault-${name}-`));
  const port = await freePort();
  const options = { dbFile: path.join(dir, 'temporal.sqlite'), port, uiPort: null, logFile: path.join(dir, 'temporal.log') };
  let running: RunningTemporal | null = await startTemporal(options);
  const address = running.address;
  if (running.origin === 'TEMPORAL_ADDRESS') {
    throw new Error('the fault tests restart their own Temporal dev server; unset TEMPORAL_ADDRESS to run them');
  }
  return {
    address,
    dir,
    async stop() {
      await running?.stop();
      running = null;
    },
    async start() {
      if (running) throw new Error(`the dev server on ${address} is already running`);
      running = await startTemporal(options);
    },
    async dispose() {
      await running?.stop();
      running = null;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
