// TLS and mTLS to Temporal: the environment is parsed with names in every error, the one builder
// makes the options both connections use, and a real handshake works through a TLS-terminating
// proxy in front of the dev server (certificates made here with openssl) — and fails clearly
// when a setting is wrong.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../../src/config/config';
import { describeTemporalConnection, explainConnectionError, temporalConnectionOptions, tlsWanted } from '../../src/config/temporal-connection';
import { requiredTestEnv } from '../harness/env';

let dir: string;
const file = (name: string) => path.join(dir, name);
let proxy: tls.Server;
let proxyAddress: string;

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** A CA, a server certificate for temporal.test and 127.0.0.1, and a client certificate, all signed by the CA. */
function makeCertificates(): void {
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=cascade test CA');
  fs.writeFileSync(file('server.ext'), 'subjectAltName=DNS:temporal.test,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=temporal.test');
  openssl(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.pem',
    '-days',
    '2',
    '-extfile',
    'server.ext',
  );
  fs.writeFileSync(file('client.ext'), 'extendedKeyUsage=clientAuth\n');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'client.key', '-out', 'client.csr', '-subj', '/CN=cascade-worker');
  openssl(
    'x509',
    '-req',
    '-in',
    'client.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'client.pem',
    '-days',
    '2',
    '-extfile',
    'client.ext',
  );
}

/** Terminates TLS (requiring a client certificate from our CA) and pipes the bytes to the plaintext dev server. */
async function startMtlsProxy(target: string): Promise<tls.Server> {
  const [host, port] = target.split(':') as [string, string];
  const server = tls.createServer(
    {
      key: fs.readFileSync(file('server.key')),
      cert: fs.readFileSync(file('server.pem')),
      ca: fs.readFileSync(file('ca.pem')),
      requestCert: true,
      rejectUnauthorized: true,
      ALPNProtocols: ['h2'],
    },
    (socket) => {
      const upstream = net.connect(Number(port), host);
      socket.pipe(upstream).pipe(socket);
      const end = () => {
        socket.destroy();
        upstream.destroy();
      };
      socket.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
    },
  );
  server.on('tlsClientError', () => undefined); // refused handshakes are the point of some tests
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

const env = (extra: Record<string, string>) => ({ TEMPORAL_ADDRESS: proxyAddress, ...extra });

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-tls-'));
  makeCertificates();
  proxy = await startMtlsProxy(requiredTestEnv('TEST_TEMPORAL_ADDRESS'));
  proxyAddress = `127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
}, 60_000);
afterAll(async () => {
  await new Promise((resolve) => proxy?.close(resolve));
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('configuration', () => {
  test('a missing key file is refused at start, naming the variable', () => {
    expect(() => loadConfig({ TEMPORAL_TLS_CERT_PATH: file('client.pem'), TEMPORAL_TLS_KEY_PATH: file('nope.key') })).toThrow(
      /TEMPORAL_TLS_KEY_PATH: file .*nope\.key does not exist/,
    );
  });

  test('a certificate without its key, and TLS switched off with TLS settings, are refused naming the variable', () => {
    expect(() => loadConfig({ TEMPORAL_TLS_CERT_PATH: file('client.pem') })).toThrow(/TEMPORAL_TLS_KEY_PATH: is required when TEMPORAL_TLS_CERT_PATH is set/);
    expect(() => loadConfig({ TEMPORAL_TLS: 'false', TEMPORAL_TLS_CA_PATH: file('ca.pem') })).toThrow(/TEMPORAL_TLS: is false but TEMPORAL_TLS_CA_PATH is set/);
    expect(() => loadConfig({ TEMPORAL_TLS: 'maybe' })).toThrow(/TEMPORAL_TLS: must be true or false/);
    expect(() => loadConfig({ TEMPORAL_TLS_SERVER_NAME: 'bad name/' })).toThrow(/TEMPORAL_TLS_SERVER_NAME: must be a host name/);
  });

  test('no TLS variable means plaintext; an API key or a CA alone implies TLS', () => {
    expect(temporalConnectionOptions(loadConfig({}))).toEqual({ address: '127.0.0.1:7233' });
    expect(tlsWanted(loadConfig({ TEMPORAL_API_KEY: 'k' }))).toBe(true);
    expect(temporalConnectionOptions(loadConfig({ TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233', TEMPORAL_API_KEY: 'secret-key' }))).toEqual({
      address: 'ns.acct.tmprl.cloud:7233',
      tls: {},
      apiKey: 'secret-key',
    });
    expect(tlsWanted(loadConfig({ TEMPORAL_TLS_CA_PATH: file('ca.pem') }))).toBe(true);
    expect(tlsWanted(loadConfig({ TEMPORAL_TLS: 'true' }))).toBe(true);
  });

  test('the options carry the CA, the client pair and the server name, read from the files', () => {
    const options = temporalConnectionOptions(
      loadConfig(
        env({
          TEMPORAL_TLS_CA_PATH: file('ca.pem'),
          TEMPORAL_TLS_CERT_PATH: file('client.pem'),
          TEMPORAL_TLS_KEY_PATH: file('client.key'),
          TEMPORAL_TLS_SERVER_NAME: 'temporal.test',
        }),
      ),
    );
    expect(options.address).toBe(proxyAddress);
    expect(options.tls?.serverNameOverride).toBe('temporal.test');
    expect(Buffer.from(options.tls?.serverRootCACertificate ?? []).equals(fs.readFileSync(file('ca.pem')))).toBe(true);
    expect(Buffer.from(options.tls?.clientCertPair?.crt ?? []).equals(fs.readFileSync(file('client.pem')))).toBe(true);
    expect(Buffer.from(options.tls?.clientCertPair?.key ?? []).equals(fs.readFileSync(file('client.key')))).toBe(true);
    // What operators see in banners and logs names the mode, never the key material.
    expect(describeTemporalConnection(options)).toBe(`${proxyAddress} (mTLS, private CA, server name temporal.test)`);
  });
});

describe('a real handshake through a TLS-terminating proxy', () => {
  const mtls = () => ({
    TEMPORAL_TLS_CA_PATH: file('ca.pem'),
    TEMPORAL_TLS_CERT_PATH: file('client.pem'),
    TEMPORAL_TLS_KEY_PATH: file('client.key'),
    TEMPORAL_TLS_SERVER_NAME: 'temporal.test',
  });

  test('the client Connection and the worker NativeConnection both reach Temporal over mTLS', async () => {
    const options = temporalConnectionOptions(loadConfig(env(mtls())));
    const connection = await Connection.connect({ ...options, connectTimeout: 10_000 });
    try {
      const info = await connection.workflowService.getSystemInfo({});
      expect(info.serverVersion).toMatch(/^\d+\.\d+/);
    } finally {
      await connection.close();
    }
    const native = await NativeConnection.connect(options);
    await native.close();
  }, 60_000);

  test('without a client certificate the mTLS server refuses the connection', async () => {
    const options = temporalConnectionOptions(loadConfig(env({ TEMPORAL_TLS_CA_PATH: file('ca.pem'), TEMPORAL_TLS_SERVER_NAME: 'temporal.test' })));
    await expect(
      (async () => {
        const connection = await Connection.connect({ ...options, connectTimeout: 5_000 });
        try {
          await connection.workflowService.getSystemInfo({});
        } finally {
          await connection.close();
        }
      })(),
    ).rejects.toThrow();
  }, 60_000);

  test('a server certificate from another CA is refused', async () => {
    const options = temporalConnectionOptions(loadConfig(env({ ...mtls(), TEMPORAL_TLS_CA_PATH: file('client.pem') })));
    await expect(NativeConnection.connect(options)).rejects.toThrow();
  }, 60_000);

  test('TLS switched on against the plaintext dev server fails with a message naming the TLS settings', async () => {
    const options = temporalConnectionOptions(loadConfig({ TEMPORAL_ADDRESS: requiredTestEnv('TEST_TEMPORAL_ADDRESS'), TEMPORAL_TLS: 'true' }));
    const error = await NativeConnection.connect(options).then(
      async (c) => {
        await c.close();
        return null;
      },
      (err: unknown) => explainConnectionError(err, options),
    );
    expect(error?.message).toMatch(/^cannot connect to Temporal at 127\.0\.0\.1:\d+ \(TLS\): .*TEMPORAL_TLS/);
  }, 60_000);
});
