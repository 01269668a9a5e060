/**
 * The configuration of one process of the local Temporal cluster (`npm run cluster`): the server
 * reads `<root>/config/<env>.yaml`, so each process (frontend, two history processes, matching,
 * worker) gets a file of its own naming only its service and its ports. Membership is found through
 * the database (the `cluster_membership` table), so the processes need only share PostgreSQL.
 */

/** The Temporal services, each one process (history twice). */
export type ClusterService = 'frontend' | 'history' | 'matching' | 'worker';

/** One process of the cluster: its service, a name for its files, its ports. */
export interface ClusterProcess {
  name: string;
  service: ClusterService;
  grpcPort: number;
  membershipPort: number;
  /** The frontend's HTTP API port (the others have none). */
  httpPort?: number;
}

/** What every process shares: the database, the shard count, the frontend's address, the dynamic config file. */
export interface ClusterSettings {
  postgres: { host: string; port: number; user: string; password: string };
  /** Fixed for the life of the cluster's database: it decides how workflows are spread over history processes. */
  historyShards: number;
  frontendAddress: string;
  dynamicConfigPath: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

/** The databases the SQL tool creates: the persistence store and visibility (with the search attributes). */
export const CLUSTER_DATABASES = { default: 'temporal', visibility: 'temporal_visibility' } as const;

/** The processes of the cluster on consecutive ports from `base` (the frontend on `base`, 7233 by default). */
export function clusterProcesses(base = 7233): ClusterProcess[] {
  return [
    { name: 'frontend', service: 'frontend', grpcPort: base, membershipPort: base + 100, httpPort: base + 10 },
    { name: 'history-1', service: 'history', grpcPort: base + 1, membershipPort: base + 101 },
    { name: 'history-2', service: 'history', grpcPort: base + 2, membershipPort: base + 102 },
    { name: 'matching', service: 'matching', grpcPort: base + 3, membershipPort: base + 103 },
    { name: 'worker', service: 'worker', grpcPort: base + 4, membershipPort: base + 104 },
  ];
}

/** Every port the processes listen on, each with its process and what it serves. */
export function clusterPorts(processes: readonly ClusterProcess[]): { process: string; role: 'gRPC' | 'membership' | 'HTTP'; port: number }[] {
  return processes.flatMap((p) => [
    { process: p.name, role: 'gRPC' as const, port: p.grpcPort },
    { process: p.name, role: 'membership' as const, port: p.membershipPort },
    ...(p.httpPort === undefined ? [] : [{ process: p.name, role: 'HTTP' as const, port: p.httpPort }]),
  ]);
}

function quoted(value: string | number): string {
  return JSON.stringify(String(value));
}

function datastore(s: ClusterSettings, database: string, maxConns: number): string[] {
  return [
    '      sql:',
    '        pluginName: postgres12',
    `        databaseName: ${quoted(database)}`,
    `        connectAddr: ${quoted(`${s.postgres.host}:${s.postgres.port}`)}`,
    '        connectProtocol: tcp',
    `        user: ${quoted(s.postgres.user)}`,
    `        password: ${quoted(s.postgres.password)}`,
    `        maxConns: ${maxConns}`,
    `        maxIdleConns: ${maxConns}`,
    '        maxConnLifetime: 1h',
  ];
}

/**
 * The YAML of one process (values quoted as JSON strings, which YAML reads as they are). Every
 * service is listed, since the membership monitor tracks them all; the process's own service with
 * its own ports (the second history process has ports of its own), the others with the first of theirs.
 */
export function processConfigYaml(p: ClusterProcess, all: readonly ClusterProcess[], s: ClusterSettings): string {
  const services = (['frontend', 'history', 'matching', 'worker'] as const).map((service) =>
    service === p.service ? p : (all.find((q) => q.service === service) as ClusterProcess),
  );
  return [
    'log:',
    '  stdout: true',
    `  level: ${s.logLevel}`,
    'persistence:',
    '  defaultStore: default',
    '  visibilityStore: visibility',
    `  numHistoryShards: ${s.historyShards}`,
    '  datastores:',
    '    default:',
    ...datastore(s, CLUSTER_DATABASES.default, 20),
    '    visibility:',
    ...datastore(s, CLUSTER_DATABASES.visibility, 10),
    'global:',
    '  membership:',
    '    maxJoinDuration: 30s',
    '    broadcastAddress: "127.0.0.1"',
    'services:',
    ...services.flatMap((q) => [
      `  ${q.service}:`,
      '    rpc:',
      `      grpcPort: ${q.grpcPort}`,
      `      membershipPort: ${q.membershipPort}`,
      '      bindOnLocalHost: true',
      ...(q.httpPort === undefined ? [] : [`      httpPort: ${q.httpPort}`]),
    ]),
    'clusterMetadata:',
    '  enableGlobalNamespace: false',
    '  failoverVersionIncrement: 10',
    '  masterClusterName: active',
    '  currentClusterName: active',
    '  clusterInformation:',
    '    active:',
    '      enabled: true',
    '      initialFailoverVersion: 1',
    '      rpcName: frontend',
    `      rpcAddress: ${quoted(s.frontendAddress)}`,
    'dcRedirectionPolicy:',
    '  policy: noop',
    'dynamicConfigClient:',
    `  filepath: ${quoted(s.dynamicConfigPath)}`,
    '  pollInterval: 10s',
    '',
  ].join('\n');
}
