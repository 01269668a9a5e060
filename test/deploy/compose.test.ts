// The production compose file agrees with the code: every variable a service gets is one the
// config reads, every variable a process requires is given, its defaults parse with the config,
// images are pinned, ports match — and, where docker-compose is installed (CI installs Debian's),
// `docker-compose config` accepts the file and resolves it to the same thing.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ConfigSchema, loadConfig } from '../../src/config/config';

interface Service {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  healthcheck?: unknown;
  volumes?: string[];
}
const COMPOSE_FILE = path.join(__dirname, '..', '..', 'docker-compose.yml');
// `merge: true` resolves the `<<: *temporal-client` block the services share, as compose does.
const compose = parse(fs.readFileSync(COMPOSE_FILE, 'utf8'), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;
const known = new Set([...Object.keys(ConfigSchema.shape), 'API_HOST']);
const scripts = (JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

test('the application services only set variables the config reads', () => {
  for (const name of ['worker', 'api']) {
    const unknown = Object.keys(services[name]?.environment ?? {}).filter((key) => !known.has(key));
    expect([name, unknown]).toEqual([name, []]);
  }
});

test('each process gets every variable its entry point requires', () => {
  const required = {
    worker: ['TEMPORAL_ADDRESS', 'DATABASE_URL', 'SMTP_URL', 'LINK_SIGNING_SECRET', 'PUBLIC_BASE_URL'],
    api: ['TEMPORAL_ADDRESS', 'DATABASE_URL', 'API_TOKEN_SECRET', 'LINK_SIGNING_SECRET', 'PUBLIC_BASE_URL', 'PORT'],
  };
  for (const [name, keys] of Object.entries(required)) {
    const env = services[name]?.environment ?? {};
    expect([name, keys.filter((k) => !(k in env))]).toEqual([name, []]);
  }
});

test('services run npm scripts that exist, and the worker scales out', () => {
  for (const name of ['worker', 'api']) {
    const command = services[name]?.command ?? [];
    expect(command.slice(0, 2)).toEqual(['npm', 'run']);
    expect(scripts[command[2] as string]).toBeDefined();
  }
  expect((services.worker as { deploy?: { replicas?: number } }).deploy?.replicas).toBeGreaterThan(1);
});

test('images are pinned and the Temporal server matches the CLI the tests run (server 1.29.1)', () => {
  const images = Object.values(services).flatMap((s) => (s.image ? [s.image] : []));
  expect(images.filter((i) => !/:[0-9][\w.-]*$/.test(i))).toEqual([]);
  expect(services.temporal?.image).toBe('temporalio/auto-setup:1.29.1');
});

test('each worker replica has a health check on the liveness file it touches', () => {
  const file = services.worker?.environment?.WORKER_LIVENESS_FILE;
  expect(file).toMatch(/^\//);
  expect(JSON.stringify(services.worker?.healthcheck)).toContain(file as string);
});

test('the API publishes the port it listens on and has a health check on /healthz', () => {
  expect(services.api?.ports).toContain(`${services.api?.environment?.PORT}:3000`);
  expect(JSON.stringify(services.api?.healthcheck)).toContain('/healthz');
  for (const name of ['postgres', 'temporal', 'api']) expect([name, services[name]?.healthcheck !== undefined]).toEqual([name, true]);
});

/** Values for the variables compose insists on (`${VAR:?...}`), as an operator's .env would give them. */
const REQUIRED_ENV = {
  POSTGRES_PASSWORD: 'compose-test-password',
  SMTP_URL: 'smtp://relay.example.org:587',
  PUBLIC_BASE_URL: 'https://cascade.example.org',
  LINK_SIGNING_SECRET: 'l'.repeat(40),
  API_TOKEN_SECRET: 'a'.repeat(40),
};

/** A service's environment as compose resolves it: `${VAR:-default}` → default, `${VAR:?msg}` → REQUIRED_ENV, `${VAR}` → REQUIRED_ENV. */
function resolved(service: string): Record<string, string> {
  const env = services[service]?.environment ?? {};
  const substitute = (value: string) =>
    String(value).replace(
      /\$\{(\w+)(?::([-?])([^}]*))?\}/g,
      (_m, name: string, op?: string, arg?: string) => (REQUIRED_ENV as Record<string, string>)[name] ?? (op === '-' ? (arg ?? '') : ''),
    );
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, substitute(value)]));
}

test('every process connects to Temporal with the same TLS settings, and the API gets the rate limits', () => {
  const tls = ['TEMPORAL_TLS', 'TEMPORAL_TLS_CA_PATH', 'TEMPORAL_TLS_CERT_PATH', 'TEMPORAL_TLS_KEY_PATH', 'TEMPORAL_TLS_SERVER_NAME', 'TEMPORAL_API_KEY'];
  for (const name of ['worker', 'api']) {
    const env = services[name]?.environment ?? {};
    expect([name, tls.filter((k) => !(k in env))]).toEqual([name, []]);
    expect([name, tls.map((k) => env[k])]).toEqual([name, tls.map((k) => services.worker?.environment?.[k])]);
    expect(services[name]?.volumes).toContain('./certs:/certs:ro');
  }
  for (const key of ['RATE_LIMIT_WINDOW_SECONDS', 'RATE_LIMIT_REPORTS', 'RATE_LIMIT_TOKENS', 'API_BODY_LIMIT_BYTES'])
    expect(services.api?.environment).toHaveProperty(key);
});

test('the defaults the compose file writes parse with the config and equal its own defaults', () => {
  const defaults = loadConfig({}) as unknown as Record<string, unknown>;
  for (const name of ['worker', 'api']) {
    const env = resolved(name);
    const config = loadConfig(env) as unknown as Record<string, unknown>;
    for (const key of ['RATE_LIMIT_WINDOW_SECONDS', 'RATE_LIMIT_REPORTS', 'RATE_LIMIT_TOKENS', 'API_BODY_LIMIT_BYTES', 'TEMPORAL_TLS']) {
      if (key in env) expect([name, key, config[key]]).toEqual([name, key, defaults[key]]);
    }
  }
});

/** `docker-compose` (Debian's v1) or `docker compose` (v2), whichever is installed, or null. */
function composeCommand(): string[] | null {
  for (const command of [['docker-compose'], ['docker', 'compose']]) {
    const probe = spawnSync(command[0] as string, [...command.slice(1), 'version'], { stdio: 'ignore' });
    if (probe.status === 0) return command;
  }
  return null;
}
const composeCli = composeCommand();
if (!composeCli) process.stderr.write("[compose test] no docker-compose or `docker compose` here: skipping `config` (CI installs Debian's docker-compose)\n");
const withCompose = composeCli ? test : test.skip;

withCompose('`docker-compose config` accepts the file and resolves the same environments', () => {
  const [bin, ...pre] = composeCli as string[];
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...REQUIRED_ENV };
  const output = execFileSync(bin as string, [...pre, '-f', COMPOSE_FILE, 'config'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const config = parse(output) as { services: Record<string, Service & { deploy?: { replicas?: number } }> };
  expect(Object.keys(config.services).sort()).toEqual(['api', 'postgres', 'temporal', 'temporal-ui', 'worker']);
  expect(config.services.worker?.deploy?.replicas).toBe(3);
  for (const name of ['worker', 'api']) {
    const env = Object.fromEntries(Object.entries(config.services[name]?.environment ?? {}).map(([k, v]) => [k, String(v ?? '')]));
    expect([name, env]).toEqual([name, resolved(name)]);
    expect(() => loadConfig(env)).not.toThrow();
  }
  // A missing secret is refused by compose itself, naming it.
  const missing = spawnSync(bin as string, [...pre, '-f', COMPOSE_FILE, 'config', '-q'], { env: { ...env, LINK_SIGNING_SECRET: '' }, encoding: 'utf8' });
  expect(missing.status).not.toBe(0);
  expect(missing.stderr).toMatch(/LINK_SIGNING_SECRET/);
});
