// The `cascade` command line without servers: help everywhere, usage errors (exit 2), bad
// environment and files refused before any connection, unreachable servers (exit 1), never a
// stack trace unless CASCADE_DEBUG=1. Runs the real bin as a subprocess.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { usageLine } from '../../src/cli/args';
import { COMMANDS } from '../../src/cli/commands';
import { reportFromArgs } from '../../src/cli/report-input';
import { runCli } from '../../src/cli/run';
import { hasStackTrace, runCascade, type CliRun } from './run-cli';

// Nothing listens on port 1: any command that did try to connect would fail differently.
const NOWHERE = { TEMPORAL_ADDRESS: '127.0.0.1:1', DATABASE_URL: 'postgres://postgres:s3cret@127.0.0.1:1/postgres', USER: 'cli-test' };

/** Runs the CLI's entry function in this process with captured streams. */
async function runInProcess(argv: string[]): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { out: '', err: '' };
  stdout.on('data', (c: Buffer) => (chunks.out += c.toString('utf8')));
  stderr.on('data', (c: Buffer) => (chunks.err += c.toString('utf8')));
  const code = await runCli(argv, { stdout, stderr, env: NOWHERE });
  return { code, stdout: chunks.out, stderr: chunks.err };
}

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-cli-usage-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('cascade --help lists every command, the environment and the exit codes', async () => {
  const run = await runCascade(['--help']);
  expect(run.code).toBe(0);
  for (const command of COMMANDS) expect(run.stdout).toContain(`  ${command.name} `);
  expect(run.stdout).toContain('TEMPORAL_ADDRESS');
  expect(run.stdout).toContain('DATABASE_URL');
  expect(run.stdout).toMatch(/Exit codes:\n\s+0\s+success\n\s+1\s+the operation failed[\s\S]*\n\s+2\s+bad input/);
});

// In process (the same runCli the bin calls) so thirteen help texts do not cost thirteen Node starts.
test.each(COMMANDS.map((c) => [c.name]))('cascade %s --help prints its usage, options and exit codes', async (name) => {
  const run = await runInProcess([...name.split(' '), '--help']);
  expect(run.code).toBe(0);
  expect(run.stderr).toBe('');
  expect(run.stdout.startsWith(`Usage: cascade ${name}`)).toBe(true);
  expect(run.stdout).toContain('-h, --help');
  expect(run.stdout).toContain('Exit codes:');
});

test("the bin prints a command's help, and cascade help status is cascade status --help", async () => {
  const [viaHelp, viaFlag] = await Promise.all([runCascade(['help', 'status']), runCascade(['status', '--help'])]);
  expect(viaFlag.code).toBe(0);
  expect(viaFlag.stdout).toBe((await runInProcess(['status', '--help'])).stdout);
  expect(viaHelp).toEqual(viaFlag);
});

test('cascade org --help lists the org subcommands', async () => {
  const run = await runCascade(['org', '--help']);
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('org import');
  expect(run.stdout).toContain('org show');
});

test('an unknown command prints usage and exits 2', async () => {
  const run = await runCascade(['frobnicate', 'x'], NOWHERE);
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toContain('error: unknown command "frobnicate"');
  expect(run.stderr).toContain('Usage: cascade COMMAND');
});

test('an unknown subcommand and a missing subcommand exit 2', async () => {
  const [unknown, missing] = await Promise.all([runCascade(['org', 'rename'], NOWHERE), runCascade(['org'], NOWHERE)]);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toContain('unknown command "org rename"');
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain('`cascade org` needs a subcommand');
});

test('no command at all prints usage and exits 2', async () => {
  const run = await runCascade([], NOWHERE);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('Usage: cascade COMMAND');
});

test('an unknown option names it, prints the usage line and exits 2', async () => {
  const run = await runCascade(['status', '01-CT-TW-2021', '--colour'], NOWHERE);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('error: unknown option "--colour"');
  expect(run.stderr).toContain('Usage: cascade status DIRECTIVE');
});

// A --level is checked against the directive's own levels, so it needs the directive: test/e2e/levels-as-data.test.ts.
test('a missing argument or required option exits 2 and says which', async () => {
  const [noDirective, noReason] = await Promise.all([runCascade(['status'], NOWHERE), runCascade(['withdraw', '01-CT-TW-2021'], NOWHERE)]);
  expect(noDirective.code).toBe(2);
  expect(noDirective.stderr).toContain('missing argument DIRECTIVE');
  expect(noReason.code).toBe(2);
  expect(noReason.stderr).toContain('--reason is required');
});

test('a bad environment variable exits 2 naming it', async () => {
  const run = await runCascade(['directives'], { ...NOWHERE, TEMPORAL_ADDRESS: 'no-port-here' });
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('TEMPORAL_ADDRESS: must be host:port');
});

test('an invalid spec exits 2 naming the field, before any server is contacted', async () => {
  const spec = path.join(tmp, 'spec.yaml');
  fs.writeFileSync(
    spec,
    'code: 91-CT/TW\ntitle: Nghị quyết\nissuer: Bộ Chính trị\nissuedOn: 31/02/2021\nroot: TW\ndeadlines: { cell: 30/09/2021 }\ndeadline: typo\n',
  );
  const run = await runCascade(['launch', spec], NOWHERE);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('directive spec is invalid:');
  expect(run.stderr).toContain('issuedOn "31/02/2021" is not a valid date: February 2021 has 28 days');
  expect(run.stderr).toContain('deadline is not a known field');
  expect(hasStackTrace(run.stderr)).toBe(false);
});

test('a report file that is not JSON, or no report at all, exits 2', async () => {
  const file = path.join(tmp, 'report.json');
  fs.writeFileSync(file, '{ "attendees": 812, ');
  const [broken, none, missing] = await Promise.all([
    runCascade(['report', '01-CT-TW-2021', 'QN', '--file', file], NOWHERE),
    runCascade(['report', '01-CT-TW-2021', 'QN'], NOWHERE),
    runCascade(['report', '01-CT-TW-2021', 'QN', '--file', path.join(tmp, 'absent.json')], NOWHERE),
  ]);
  expect(broken.code).toBe(2);
  expect(broken.stderr).toContain(`report file ${file} is not valid JSON`);
  expect(none.code).toBe(2);
  expect(none.stderr).toContain('no report given');
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain('no such file');
});

test('an unreachable database exits 1 with a hint and no stack trace; CASCADE_DEBUG=1 adds the trace', async () => {
  const [plain, debug] = await Promise.all([runCascade(['directives'], NOWHERE), runCascade(['directives'], { ...NOWHERE, CASCADE_DEBUG: '1' })]);
  expect(plain.code).toBe(1);
  expect(plain.stderr).toContain('cannot reach PostgreSQL at postgres://postgres:***@127.0.0.1:1/postgres (ECONNREFUSED)');
  expect(plain.stderr).not.toContain('s3cret');
  expect(hasStackTrace(plain.stderr)).toBe(false);
  expect(debug.code).toBe(1);
  expect(hasStackTrace(debug.stderr)).toBe(true);
});

test('an unreachable Temporal exits 1 naming the address', async () => {
  const run = await runCascade(['status', '01-CT-TW-2021'], NOWHERE);
  expect(run.code).toBe(1);
  expect(run.stderr).toContain('cannot reach Temporal at 127.0.0.1:1');
  expect(hasStackTrace(run.stderr)).toBe(false);
}, 30_000);

test('report flags become report fields; plain digits become numbers, anything else stays text for the rules to name', () => {
  const report = reportFromArgs({
    positionals: {},
    options: { attendees: '812', members: '1.000', 'conference-date': '30/6/2021', 'document-number': '30-KH/TU', 'reported-by': 'Văn phòng' },
  });
  expect(report).toEqual({ attendees: 812, members: '1.000', conferenceDate: '30/6/2021', documentNumber: '30-KH/TU', reportedBy: 'Văn phòng' });
});

test('the usage line shows required options without brackets', () => {
  const withdraw = COMMANDS.find((c) => c.name === 'withdraw');
  expect(withdraw && usageLine(withdraw)).toBe('cascade withdraw DIRECTIVE --reason TEXT [--actor NAME] [--json]');
});
