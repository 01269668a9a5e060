/**
 * How every process reaches Temporal: the address, plus TLS, mTLS and an API key when the cluster
 * asks for them. One builder, so the worker's NativeConnection and the clients' Connection
 * (API, CLI, npm start) can never disagree about security settings.
 */
import fs from 'node:fs';
import type { TLSConfig } from '@temporalio/client';
import type { Config } from './config';

/** The part of the configuration that says how to connect. */
export type TemporalConnectionConfig = Pick<
  Config,
  | 'TEMPORAL_ADDRESS'
  | 'TEMPORAL_PORT'
  | 'TEMPORAL_TLS'
  | 'TEMPORAL_TLS_CA_PATH'
  | 'TEMPORAL_TLS_CERT_PATH'
  | 'TEMPORAL_TLS_KEY_PATH'
  | 'TEMPORAL_TLS_SERVER_NAME'
  | 'TEMPORAL_API_KEY'
>;

/** Options both `Connection.connect` (client) and `NativeConnection.connect` (worker) accept. */
export interface TemporalConnectionOptions {
  address: string;
  /** Absent for a plaintext connection (the embedded dev server). */
  tls?: TLSConfig;
  apiKey?: string;
}

/** True when the configuration asks for TLS (explicitly, or implied by a certificate path or an API key). */
export function tlsWanted(config: TemporalConnectionConfig): boolean {
  if (config.TEMPORAL_TLS !== undefined) return config.TEMPORAL_TLS;
  return Boolean(
    config.TEMPORAL_TLS_CA_PATH || config.TEMPORAL_TLS_CERT_PATH || config.TEMPORAL_TLS_KEY_PATH || config.TEMPORAL_TLS_SERVER_NAME || config.TEMPORAL_API_KEY,
  );
}

function readPem(variable: string, file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw new Error(`${variable}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); check the path`);
  }
}

/**
 * The connection options for `address` (default: TEMPORAL_ADDRESS, else the local dev server's port).
 * Certificate files are read here, so a file that vanished since the config was parsed still names its variable.
 */
export function temporalConnectionOptions(config: TemporalConnectionConfig, address?: string): TemporalConnectionOptions {
  const target = address ?? config.TEMPORAL_ADDRESS ?? `127.0.0.1:${config.TEMPORAL_PORT}`;
  if (!tlsWanted(config)) return { address: target };
  const tls: TLSConfig = {};
  if (config.TEMPORAL_TLS_SERVER_NAME) tls.serverNameOverride = config.TEMPORAL_TLS_SERVER_NAME;
  if (config.TEMPORAL_TLS_CA_PATH) tls.serverRootCACertificate = readPem('TEMPORAL_TLS_CA_PATH', config.TEMPORAL_TLS_CA_PATH);
  // The config schema refuses a certificate without its key and the other way round.
  if (config.TEMPORAL_TLS_CERT_PATH && config.TEMPORAL_TLS_KEY_PATH) {
    tls.clientCertPair = {
      crt: readPem('TEMPORAL_TLS_CERT_PATH', config.TEMPORAL_TLS_CERT_PATH),
      key: readPem('TEMPORAL_TLS_KEY_PATH', config.TEMPORAL_TLS_KEY_PATH),
    };
  }
  return { address: target, tls, ...(config.TEMPORAL_API_KEY ? { apiKey: config.TEMPORAL_API_KEY } : {}) };
}

/** One line describing the connection for logs and banners: never the key or the API key. */
export function describeTemporalConnection(options: TemporalConnectionOptions): string {
  if (!options.tls) return `${options.address} (plaintext)`;
  const parts = [options.tls.clientCertPair ? 'mTLS' : 'TLS'];
  if (options.tls.serverRootCACertificate) parts.push('private CA');
  if (options.tls.serverNameOverride) parts.push(`server name ${options.tls.serverNameOverride}`);
  if (options.apiKey) parts.push('API key');
  return `${options.address} (${parts.join(', ')})`;
}

/**
 * Rewords a failed connection so the operator learns which setting to check: a TLS client against a
 * plaintext server, a plaintext client against a TLS server, or a certificate the other side refused.
 */
export function explainConnectionError(err: unknown, options: TemporalConnectionOptions): Error {
  const why = err instanceof Error ? (err.message.split('\n')[0] ?? err.message) : String(err);
  const target = describeTemporalConnection(options);
  let hint: string;
  if (options.tls) {
    hint = /certificate|handshake|tls|ssl|alert|wrong version|InvalidContentType|corrupt message|record/i.test(why)
      ? 'the TLS handshake failed: check that the server speaks TLS on this port, TEMPORAL_TLS_CA_PATH (the CA that signed it), TEMPORAL_TLS_SERVER_NAME, and for mTLS TEMPORAL_TLS_CERT_PATH/TEMPORAL_TLS_KEY_PATH'
      : 'TLS is on (TEMPORAL_TLS): check that the server speaks TLS on this port and that the certificate settings are right';
  } else {
    hint = 'TLS is off: if the cluster requires TLS or mTLS (Temporal Cloud does), set TEMPORAL_TLS=true and the TEMPORAL_TLS_* paths or TEMPORAL_API_KEY';
  }
  return new Error(`cannot connect to Temporal at ${target}: ${why}; ${hint}`, { cause: err });
}
