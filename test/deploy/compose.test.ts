// The production compose file agrees with the code: every variable a service gets is one the
// config reads, every variable a process requires is given, images are pinned, ports match.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ConfigSchema } from '../../infra/config';

interface Service {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  healthcheck?: unknown;
}
const compose = parse(fs.readFileSync(path.join(__dirname, '..', '..', 'docker-compose.yml'), 'utf8')) as { services: Record<string, Service> };
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

test('the API publishes the port it listens on and has a health check on /healthz', () => {
  expect(services.api?.ports).toContain(`${services.api?.environment?.PORT}:3000`);
  expect(JSON.stringify(services.api?.healthcheck)).toContain('/healthz');
  for (const name of ['postgres', 'temporal', 'api']) expect([name, services[name]?.healthcheck !== undefined]).toEqual([name, true]);
});
