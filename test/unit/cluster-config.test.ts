// The local cluster's per-process configuration: every process names all four services (the
// membership monitor tracks them all) with its own ports for its own service, and no two processes
// share a port.
import { clusterProcesses, processConfigYaml, type ClusterSettings } from '../../src/dev/cluster/cluster-config';

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
  const ports = processes.flatMap((p) => [p.grpcPort, p.membershipPort, ...(p.httpPort === undefined ? [] : [p.httpPort])]);
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
