import fs from 'node:fs';
import { onPath, runOrThrow } from './child-process';

/** A Debian package the tests need, and how to tell it is installed. */
interface SystemNeed {
  pkg: string;
  why: string;
  present: () => boolean | Promise<boolean>;
}

const TEST_NEEDS: SystemNeed[] = [
  {
    pkg: 'postgresql',
    why: 'throwaway PostgreSQL clusters (initdb, pg_ctl)',
    present: () =>
      fs.existsSync('/usr/lib/postgresql') && fs.readdirSync('/usr/lib/postgresql').some((v) => fs.existsSync(`/usr/lib/postgresql/${v}/bin/initdb`)),
  },
  { pkg: 'chromium', why: 'the dashboard tests in a real browser', present: () => fs.existsSync('/usr/bin/chromium') },
  { pkg: 'poppler-utils', why: 'the results report tests read the PDF back with pdftotext', present: async () => (await onPath('pdftotext')) !== null },
  { pkg: 'openjdk-17-jre-headless', why: "Temporal's time-skipping test server", present: async () => (await onPath('java')) !== null },
  { pkg: 'maven', why: 'fetching the time-skipping test server', present: async () => (await onPath('mvn')) !== null },
];

/**
 * Makes sure the Debian packages the test suite needs are installed: as root with apt-get it
 * installs what is missing (a fresh machine then passes `npm install && npm test` alone);
 * otherwise it says which packages to install and why.
 */
export async function ensureTestSystemPackages(log: (line: string) => void): Promise<void> {
  if (process.env.PG_BIN_DIR) TEST_NEEDS.splice(0, 1);
  const missing: SystemNeed[] = [];
  for (const need of TEST_NEEDS) if (!(await need.present())) missing.push(need);
  if (missing.length === 0) return;
  const list = missing.map((m) => m.pkg);
  const canInstall = process.getuid?.() === 0 && (await onPath('apt-get')) !== null;
  if (!canInstall) {
    throw new Error(
      `Missing system packages: ${missing.map((m) => `${m.pkg} (${m.why})`).join(', ')}.\nInstall them with: sudo apt-get install -y ${list.join(' ')}`,
    );
  }
  log(`installing ${list.join(', ')} with apt-get (first run only)...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await runOrThrow('apt-get', ['update', '-qq'], { env });
  await runOrThrow('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...list], { env });
}
