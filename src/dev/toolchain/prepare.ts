// Runs before `npm start`, `npm test` and the fault suite: makes sure the Temporal servers exist on this machine,
// building or fetching them into the cache (outside the repo) the first time only.
import { ensureTestSystemPackages } from './system-packages';
import { resolveTemporal } from './temporal-cli';
import { ensureTestServer } from './temporal-test-server';
import { ensureTemporalServer } from './temporal-server';

async function main(): Promise<void> {
  const log = (line: string) => console.log(`[prepare] ${line}`);
  const started = Date.now();
  const temporal = await resolveTemporal({ log });
  log(
    temporal.kind === 'address'
      ? `Temporal at TEMPORAL_ADDRESS=${temporal.address}`
      : temporal.kind === 'binary'
        ? `Temporal CLI: ${temporal.path} (${temporal.origin})`
        : 'Temporal CLI: SDK download at start',
  );
  if (process.argv.includes('--with-test-server')) {
    await ensureTestSystemPackages(log);
    const testServer = await ensureTestServer({ log });
    log(`time-skipping test server: ${testServer}`);
  }
  if (process.argv.includes('--with-cluster')) {
    // The fault suite's cluster tests run on the real server: built here, before any test's clock starts.
    const server = await ensureTemporalServer(log);
    log(`Temporal server for the cluster: ${server.server}`);
  }
  log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
