import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { noTemporalMessage, resolveTemporal } from '../../src/dev/toolchain/temporal-cli';

describe('choosing where the Temporal server comes from', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  test('TEMPORAL_ADDRESS wins over every binary', async () => {
    process.env.TEMPORAL_ADDRESS = 'temporal.example:7233';
    process.env.TEMPORAL_CLI_PATH = '/nonexistent/temporal';
    await expect(resolveTemporal({ build: false })).resolves.toEqual({ kind: 'address', address: 'temporal.example:7233' });
  });

  test('TEMPORAL_CLI_PATH is used when it is an executable', async () => {
    delete process.env.TEMPORAL_ADDRESS;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-'));
    const fake = path.join(dir, 'temporal');
    fs.writeFileSync(fake, '#!/bin/sh\n', { mode: 0o755 });
    process.env.TEMPORAL_CLI_PATH = fake;
    await expect(resolveTemporal({ build: false })).resolves.toEqual({ kind: 'binary', path: fake, origin: 'TEMPORAL_CLI_PATH' });
    fs.rmSync(dir, { recursive: true });
  });

  test('a TEMPORAL_CLI_PATH that is not executable is a clear error', async () => {
    delete process.env.TEMPORAL_ADDRESS;
    process.env.TEMPORAL_CLI_PATH = '/nonexistent/temporal';
    await expect(resolveTemporal({ build: false })).rejects.toThrow('TEMPORAL_CLI_PATH=/nonexistent/temporal is not an executable file');
  });

  test('the cached build is used when nothing else is configured', async () => {
    delete process.env.TEMPORAL_ADDRESS;
    delete process.env.TEMPORAL_CLI_PATH;
    process.env.PATH = '/usr/bin:/bin'; // no `temporal` here
    const source = await resolveTemporal({ build: false });
    expect(source.kind === 'binary' && source.origin === 'cache').toBe(true);
  });

  test('the no-server message lists every way out', () => {
    const message = noTemporalMessage(['go install failed: boom']);
    for (const hint of ['TEMPORAL_ADDRESS', 'TEMPORAL_CLI_PATH', 'go install', 'internet']) expect(message).toContain(hint);
    expect(message).toContain('go install failed: boom');
  });
});
