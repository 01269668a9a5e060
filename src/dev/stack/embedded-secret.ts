import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The secrets `npm start` generates into the data folder when the environment gives none. */
export type EmbeddedSecretName = 'link-signing-secret' | 'api-token-secret' | 'postgres-password';

/**
 * For the embedded main job only: the environment's secret when set, else a random key kept in
 * the data folder (mode 0600) so links in sent emails and issued tokens stay valid across
 * restarts. Production processes require the environment variables instead.
 */
export function embeddedSecret(dataDir: string, name: EmbeddedSecretName, fromEnv: string | undefined): string {
  if (fromEnv) return fromEnv;
  const stored = storedEmbeddedSecret(dataDir, name);
  if (stored !== null) {
    // A file written by an older version (or copied in) may be readable by others: only its owner may read it.
    fs.chmodSync(path.join(dataDir, name), 0o600);
    return stored;
  }
  const secret = crypto.randomBytes(48).toString('base64url');
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(path.join(dataDir, name), `${secret}\n`, { mode: 0o600 });
  return secret;
}

/**
 * A secret `npm start` keeps in the data folder, or null when there is none (never made here):
 * the CLI reads the embedded PostgreSQL's password this way.
 */
export function storedEmbeddedSecret(dataDir: string, name: EmbeddedSecretName): string | null {
  try {
    return fs.readFileSync(path.join(dataDir, name), 'utf8').trim() || null;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}
