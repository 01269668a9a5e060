// The local cluster's per-process configuration: every process names all four services (the
// membership monitor tracks them all) with its own ports for its own service, and no two processes
// share a port; a cluster whose port is taken is refused up front.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startLocalCluster } from '../../src/dev/cluster/local-cluster';
import { clusterPorts, clusterProcesses, processConfigYaml, type ClusterSettings } from '../../src/dev/cluster/cluster-config';

const settings: ClusterSettings = {
  postgres: { host: '127.0.0.1', port: 55432, user: 'postgres', password: '' },
  historyShards: 8,
  frontendAddress: '127.0.0.1:7233',
  dynamicConfigPath: '/data/cluster/config/dynamic.yaml',
  logLevel: 'warn',
};

/** The grpc port the YAML gives a service. */
function grpcPortOf(yaml: string, service: string): number {
  const match = new RegExp(`\\n  ${service}:\\n    rpc:\\n      grpcPort: (\\d+)`).exec(yaml);
  return Number(match?.[1]);
}

test('five processes, two of them history, on ports no two share', () => {
  const processes = clusterProcesses(7233);
  expect(processes.map((p) => p.service)).toEqual(['frontend', 'history', 'history', 'matching', 'worker']);
  const ports = clusterPorts(processes).map((p) => p.port);
  expect(ports).toHaveLength(11);
  expect(new Set(ports).size).toBe(ports.length);
});

test('each process lists every service, its own with its own ports; the shards and databases are shared', () => {
  const processes = clusterProcesses(7233);
  const [first, second] = processes.filter((p) => p.service === 'history');
  for (const p of processes) {
    const yaml = processConfigYaml(p, processes, settings);
    for (const service of ['frontend', 'history', 'matching', 'worker']) expect(yaml).toContain(`\n  ${service}:\n    rpc:`);
    expect(grpcPortOf(yaml, p.service)).toBe(p.grpcPort);
    expect(yaml).toContain('numHistoryShards: 8');
    expect(yaml).toContain('databaseName: "temporal_visibility"');
    expect(yaml).toContain('connectAddr: "127.0.0.1:55432"');
  }
  expect(grpcPortOf(processConfigYaml(second as never, processes, settings), 'history')).toBe(second?.grpcPort);
  expect(grpcPortOf(processConfigYaml(processes[0] as never, processes, settings), 'history')).toBe(first?.grpcPort);
});

test('a cluster whose port is taken is refused before anything starts, naming the port and its process', async () => {
  // Held by this test whatever else runs on the machine: the cluster's base is put 101 below the
  // port the system gives the holder. Other ports of the range may be held by other tests at the
  // same time; the refusal names them all, so the one held here is asserted among them.
  const holder = net.createServer();
  const held = await new Promise<number>((resolve, reject) => {
    holder.once('error', reject);
    holder.listen(0, '127.0.0.1', () => resolve((holder.address() as net.AddressInfo).port));
  });
  const base = held - 101;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-port-'));
  try {
    await expect(startLocalCluster({ dataDir, basePort: base, postgresPort: 1, historyShards: 8, namespace: 'default', log: () => undefined })).rejects.toThrow(
      `${held} (history-1's membership port)`,
    );
    expect(fs.readdirSync(dataDir)).toEqual([]);
  } finally {
    await new Promise<void>((resolve) => holder.close(() => resolve()));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
