// CLI: `npx tsx src/dev/toolchain/fetch-test-server.ts` prints the path of the time-skipping test server
// executable, fetching it into the cache first if needed. Progress goes to stderr so that
// `$(npx tsx src/dev/toolchain/fetch-test-server.ts)` captures only the path.
import { ensureTestServer } from './temporal-test-server';

async function main(): Promise<void> {
  const serverPath = await ensureTestServer({ log: (line) => console.error(`[test-server] ${line}`) });
  console.log(serverPath);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
