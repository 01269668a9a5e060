import fs from 'node:fs';
import type { SharedServers } from './shared-servers';

export default async function globalTeardown(): Promise<void> {
  const servers = (globalThis as { __cascadeServers?: SharedServers }).__cascadeServers;
  if (!servers) return;
  for (const stop of servers.stops.reverse()) await stop();
  fs.rmSync(servers.tmp, { recursive: true, force: true });
}
