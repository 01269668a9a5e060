import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * For the embedded main job only: LINK_SIGNING_SECRET when set, else a random key kept in the
 * data folder (mode 0600) so links in already-sent emails stay valid across restarts.
 * Production processes require the environment variable instead.
 */
export function embeddedLinkSecret(dataDir: string, fromEnv: string | undefined): string {
  if (fromEnv) return fromEnv;
  const file = path.join(dataDir, 'link-signing-secret');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const secret = crypto.randomBytes(48).toString('base64url');
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
