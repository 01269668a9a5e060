import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * For the embedded main job only: the environment's secret when set, else a random key kept in
 * the data folder (mode 0600) so links in sent emails and issued tokens stay valid across
 * restarts. Production processes require the environment variables instead.
 */
export function embeddedSecret(dataDir: string, name: 'link-signing-secret' | 'api-token-secret', fromEnv: string | undefined): string {
  if (fromEnv) return fromEnv;
  const file = path.join(dataDir, name);
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const secret = crypto.randomBytes(48).toString('base64url');
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
