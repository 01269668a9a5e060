// Temporal's time-skipping test server, from Maven Central instead of the SDK's own download
// (which needs internet access beyond the package registries). It is cached outside the repo and handed to
// @temporalio/testing as an `existing-path` executable: a shell wrapper that execs the JVM.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http2 from 'node:http2';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TimeSkippingTestWorkflowEnvironmentOptions } from '@temporalio/testing';
import { cacheDir } from './cache-dir';
import { lastLines } from './child-process';
import { isExecutableFile } from '../../config/file-access';

/** The io.temporal:temporal-test-server release used: the newest on Maven Central, and it serves workflow Updates. */
export const TEMPORAL_TEST_SERVER_VERSION = '1.38.0';

// slf4j-nop matches the slf4j-api 1.7.x the server depends on; without a binding slf4j prints a
// three-line "StaticLoggerBinder" banner on every start (logging is a no-op either way).
const SLF4J_NOP_VERSION = '1.7.36';
// Pinned so the fetch does not change with the Maven version's default plugin.
const DEPENDENCY_PLUGIN_VERSION = '3.8.1';
const MAIN_CLASS = 'io.temporal.testserver.TestServer';
const WRAPPER_NAME = 'temporal-test-server';
const MARKER_NAME = 'complete.json';
const ARCHIVE_NAME = 'app.jsa';

// Measured on 2 cores as time to a ready TestWorkflowEnvironment: JVM defaults 1.1-2.2 s, these
// flags 1.0-1.4 s, these plus the class-data archive 0.4-0.65 s (idle RSS 72 MB vs 94 MB). C1
// only, as a tests-only server never runs long enough to want C2. -Xmx keeps two jest workers'
// servers small; -Xss1m pins HotSpot's x64 default so deep protobuf nesting behaves the same
// everywhere; no perf data file means nothing left in /tmp/hsperfdata_*; an OOM should end the
// server (the test then fails fast) rather than leave it limping.
const JVM_FLAGS = ['-Xss1m', '-Xmx512m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-XX:-UsePerfData', '-XX:+ExitOnOutOfMemoryError'];

const MAVEN_TIMEOUT_MS = 10 * 60_000;
const TRAINING_MAX_S = 180;
// Longer than a cold Maven fetch plus the training run, so a live installer is never thought dead.
const LOCK_STALE_MS = 20 * 60_000;
const LOCK_WAIT_MS = 25 * 60_000;

type Log = (line: string) => void;

/** Directory of the cached install of TEMPORAL_TEST_SERVER_VERSION (may not exist yet). */
export function testServerInstallDir(): string {
  return path.join(cacheDir(), `temporal-test-server-${TEMPORAL_TEST_SERVER_VERSION}`);
}

/** Path of an executable starting the test server as `<exe> <port>`: TEMPORAL_TEST_SERVER_PATH > cache > Maven fetch now. */
export async function ensureTestServer(opts: { log?: Log } = {}): Promise<string> {
  const log = opts.log ?? (() => undefined);

  const fromEnv = process.env.TEMPORAL_TEST_SERVER_PATH;
  if (fromEnv) {
    const file = path.resolve(fromEnv);
    if (!isExecutableFile(file)) throw new Error(`TEMPORAL_TEST_SERVER_PATH=${fromEnv} is not an executable file.`);
    return file;
  }

  const dir = testServerInstallDir();
  const cached = completeInstall(dir);
  if (cached) {
    // The wrapper runs `java` from PATH; say so now rather than as a 5 s startup timeout later.
    requireTools(['java'], dir);
    return cached;
  }

  requireTools(['java', 'mvn'], dir);
  const lockPath = `${dir}.lock`;
  const deadline = Date.now() + LOCK_WAIT_MS;
  let announced = false;
  for (;;) {
    const ready = completeInstall(dir);
    if (ready) return ready;
    if (tryLock(lockPath)) break;
    const holder = readLock(lockPath);
    if (isStale(lockPath, holder)) {
      // A crashed installer: a concurrent breaker can at worst cause a duplicate build, which the
      // atomic publish below makes harmless.
      fs.rmSync(lockPath, { force: true });
      continue;
    }
    if (!announced) {
      log(`Waiting for pid ${holder?.pid ?? '?'}, which is installing the test server into ${dir}...`);
      announced = true;
    }
    if (Date.now() > deadline) throw new Error(`Gave up waiting for the test server install lock ${lockPath}; delete it if no install is running.`);
    await sleep(500);
  }

  try {
    const ready = completeInstall(dir);
    if (ready) return ready;
    return await install(dir, log);
  } finally {
    releaseLock(lockPath);
  }
}

/** Options for TestWorkflowEnvironment.createTimeSkipping that run the server at `executablePath`. */
export function timeSkippingEnvOptions(executablePath: string): TimeSkippingTestWorkflowEnvironmentOptions {
  // The SDK spawns `<path> <free port>` (no --enable-time-skipping: the server starts with time
  // locked and the SDK's client unlocks it while awaiting a result), waits up to 5 s for gRPC, and
  // SIGKILLs that pid on teardown; hence the wrapper's `exec` and the fast-start JVM flags.
  return { server: { executable: { type: 'existing-path', path: executablePath } } };
}

/** The wrapper path if `dir` holds a finished install for this version at this location. */
function completeInstall(dir: string): string | undefined {
  const wrapper = path.join(dir, WRAPPER_NAME);
  try {
    const marker: unknown = JSON.parse(fs.readFileSync(path.join(dir, MARKER_NAME), 'utf8'));
    // `dir` is checked because the wrapper holds absolute paths: a moved cache must be rebuilt.
    if (isRecord(marker) && marker.version === TEMPORAL_TEST_SERVER_VERSION && marker.dir === dir && isExecutableFile(wrapper)) {
      return wrapper;
    }
  } catch {
    // No marker or a torn one: not complete.
  }
  return undefined;
}

/** Fetches the jars into a temp dir, writes wrapper and marker there, renames it into place. */
async function install(dir: string, log: Log): Promise<string> {
  const parent = path.dirname(dir);
  const tmpPrefix = `.${path.basename(dir)}.tmp-`;
  // We hold the lock, so any temp dir left here belongs to an installer that died.
  for (const name of fs.readdirSync(parent)) {
    if (name.startsWith(tmpPrefix)) fs.rmSync(path.join(parent, name), { recursive: true, force: true });
  }
  // Same parent as the destination, so the final rename stays on one filesystem and is atomic.
  const tmp = fs.mkdtempSync(path.join(parent, tmpPrefix));
  fs.chmodSync(tmp, 0o755); // mkdtemp makes it 0700; the published dir should look like any other
  const started = Date.now();
  try {
    fs.writeFileSync(path.join(tmp, 'pom.xml'), pomXml());
    log(`Fetching io.temporal:temporal-test-server:${TEMPORAL_TEST_SERVER_VERSION} with Maven (first run only; ~20 s with an empty ~/.m2)...`);
    const mvn = await runCaptured(
      'mvn',
      ['-q', '-B', '-Dstyle.color=never', 'dependency:copy-dependencies', `-DoutputDirectory=${path.join(tmp, 'lib')}`, '-DincludeScope=runtime'],
      { cwd: tmp, timeoutMs: MAVEN_TIMEOUT_MS },
    );
    if (mvn.code !== 0) {
      const tail = lastLines(mvn.output, 20);
      throw new Error(
        [
          `Maven could not fetch io.temporal:temporal-test-server:${TEMPORAL_TEST_SERVER_VERSION} (exit ${mvn.code ?? 'signal'}):`,
          tail,
          'Ways out: make Maven Central reachable (check ~/.m2/settings.xml mirrors and proxies), or set TEMPORAL_TEST_SERVER_PATH to an existing test server executable.',
        ].join('\n'),
      );
    }
    const wrapper = path.join(tmp, WRAPPER_NAME);
    fs.writeFileSync(wrapper, wrapperScript(dir));
    fs.chmodSync(wrapper, 0o755); // explicitly, since writeFile's mode is filtered by the umask
    // Written last: its presence is what tells every reader the install is whole.
    fs.writeFileSync(
      path.join(tmp, MARKER_NAME),
      `${JSON.stringify({ version: TEMPORAL_TEST_SERVER_VERSION, dir, installedAt: new Date().toISOString() }, null, 2)}\n`,
    );
    publish(tmp, dir);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  log(`Fetched the test server into ${dir} in ${seconds(started)} s.`);
  await trainClassDataArchive(dir, log);
  return path.join(dir, WRAPPER_NAME);
}

/** Moves a finished temp install to `dir`, replacing only a leftover that is not complete. */
function publish(tmp: string, dir: string): void {
  try {
    fs.renameSync(tmp, dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST' && code !== 'ENOTEMPTY') throw err;
    if (completeInstall(dir)) return; // a concurrent installer (after a broken stale lock) won
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(tmp, dir);
  }
}

/**
 * Starts the server once with -XX:ArchiveClassesAtExit and sends it a couple of RPCs, leaving an
 * AppCDS archive of the classes it loaded: later starts take ~0.4 s instead of ~1.2 s, which
 * matters because the SDK gives the server only 5 s. Best effort: without it starts are slower.
 * It also proves the fetched jars actually serve before anyone relies on them.
 */
async function trainClassDataArchive(dir: string, log: Log): Promise<void> {
  const archive = path.join(dir, ARCHIVE_NAME);
  // The archive records the class path, so it must be made at the final location, not in tmp.
  const partial = `${archive}.${process.pid}.tmp`;
  const started = Date.now();
  let stderr = '';
  let child: ChildProcess | undefined;
  try {
    const port = await freePort();
    const java = ['java', ...JVM_FLAGS, `-XX:ArchiveClassesAtExit=${partial}`, '-cp', path.join(dir, 'lib', '*'), MAIN_CLASS, String(port)];
    // If we are killed mid-run nobody stops this server, so coreutils' timeout bounds its life
    // (it passes our SIGTERM on to the JVM, so the normal path is unchanged).
    const argv = findOnPath('timeout') ? ['timeout', String(TRAINING_MAX_S), ...java] : java;
    child = spawn(argv[0] ?? 'java', argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr?.on('data', (d: Buffer) => {
      if (stderr.length < 20_000) stderr += d.toString();
    });
    const exited = new Promise<never>((_, reject) => {
      child?.once('error', reject);
      child?.once('exit', (code) => reject(new Error(`the JVM exited early (code ${code ?? 'signal'})`)));
    });
    exited.catch(() => undefined); // only observed through the race below
    await Promise.race([waitUntilServing(port, 60_000), exited]);
    // SIGTERM runs the JVM's normal exit, which is when the archive is written.
    await stopChild(child, 30_000);
    if (!fs.existsSync(partial)) throw new Error('the JVM wrote no archive');
    fs.renameSync(partial, archive);
    log(`Test server answers RPCs; class-data archive written in ${seconds(started)} s.`);
  } catch (err) {
    if (child) await stopChild(child, 5_000);
    fs.rmSync(partial, { force: true });
    const detail = lastLines(stderr, 5);
    log(`Warning: no class-data archive (${(err as Error).message}); the server will start ~1 s slower.${detail ? `\n${detail}` : ''}`);
  }
}

/** Resolves once the server answers gRPC calls on both its workflow and its test service. */
async function waitUntilServing(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await grpcEmptyCall(port, '/temporal.api.workflowservice.v1.WorkflowService/GetSystemInfo')) === '0') {
        // The time-skipping API is the part our tests use most; load its classes too.
        await grpcEmptyCall(port, '/temporal.api.testservice.v1.TestService/GetCurrentTime');
        return;
      }
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`no gRPC answer on port ${port} within ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** One unary gRPC call with an empty request message; resolves with its grpc-status. */
function grpcEmptyCall(port: number, method: string): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(`http://127.0.0.1:${port}`);
    const done = (err: Error | undefined, status?: string) => {
      session.close();
      session.destroy();
      if (err) reject(err);
      else resolve(status);
    };
    session.on('error', (err) => done(err));
    session.setTimeout(5_000, () => done(new Error('gRPC call timed out')));
    let status: string | undefined;
    const pick = (headers: http2.IncomingHttpHeaders) => {
      const value = headers['grpc-status'];
      if (value !== undefined) status = Array.isArray(value) ? value[0] : value;
    };
    const req = session.request({ ':method': 'POST', ':path': method, 'content-type': 'application/grpc', te: 'trailers' });
    req.on('response', pick); // a trailers-only answer (errors) puts grpc-status here
    req.on('trailers', pick);
    req.on('data', () => undefined);
    req.on('end', () => done(undefined, status));
    req.on('error', (err) => done(err));
    // gRPC frame: not compressed (1 byte) + message length 0 (4 bytes) = an empty protobuf message.
    req.end(Buffer.alloc(5));
  });
}

function wrapperScript(dir: string): string {
  const flags = JVM_FLAGS.join(' ');
  const java = `java ${flags}`;
  return [
    '#!/bin/sh',
    `# Temporal time-skipping test server ${TEMPORAL_TEST_SERVER_VERSION} (io.temporal:temporal-test-server from Maven Central),`,
    '# installed by src/dev/toolchain/temporal-test-server.ts. Usage: temporal-test-server <port> [--enable-time-skipping]',
    '# Both lines `exec`, so the JVM takes over this process: the SDK stops the server by killing this',
    '# pid, and a JVM left behind a shell would outlive the test run.',
    `dir=${shQuote(dir)}`,
    '# The class-data archive made at install starts the JVM ~3x faster; a different JVM build',
    '# ignores it after one warning line (delete this directory to rebuild it).',
    `if [ -r "$dir/${ARCHIVE_NAME}" ]; then`,
    `  exec ${java} "-XX:SharedArchiveFile=$dir/${ARCHIVE_NAME}" -cp "$dir/lib/*" ${MAIN_CLASS} "$@"`,
    'fi',
    `exec ${java} -cp "$dir/lib/*" ${MAIN_CLASS} "$@"`,
    '',
  ].join('\n');
}

function pomXml(): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by src/dev/toolchain/temporal-test-server.ts only so Maven resolves the test server's runtime jars. -->
<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 http://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.directive-cascade</groupId>
  <artifactId>temporal-test-server-fetch</artifactId>
  <version>0</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>io.temporal</groupId>
      <artifactId>temporal-test-server</artifactId>
      <version>${TEMPORAL_TEST_SERVER_VERSION}</version>
    </dependency>
    <dependency>
      <groupId>org.slf4j</groupId>
      <artifactId>slf4j-nop</artifactId>
      <version>${SLF4J_NOP_VERSION}</version>
    </dependency>
  </dependencies>
  <build>
    <pluginManagement>
      <plugins>
        <plugin>
          <groupId>org.apache.maven.plugins</groupId>
          <artifactId>maven-dependency-plugin</artifactId>
          <version>${DEPENDENCY_PLUGIN_VERSION}</version>
        </plugin>
      </plugins>
    </pluginManagement>
  </build>
</project>
`;
}

/** Throws the one message that lists what is missing and the ways out. */
function requireTools(tools: string[], dir: string): void {
  const missing = tools.filter((tool) => findOnPath(tool) === undefined);
  if (missing.length === 0) return;
  throw new Error(
    [
      `The Temporal time-skipping test server needs ${tools.join(' and ')} on PATH; missing: ${missing.join(', ')}.`,
      'Ways out:',
      `  * apt-get install -y openjdk-17-jre-headless maven  (Maven fetches the server once; it is cached in ${dir})`,
      '  * or set TEMPORAL_TEST_SERVER_PATH to an executable that starts the test server as `<exe> <port>`',
    ].join('\n'),
  );
}

function findOnPath(command: string): string | undefined {
  for (const entry of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!entry) continue;
    const candidate = path.join(entry, command);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

interface LockHolder {
  pid: number;
  host: string;
}

function tryLock(lockPath: string): boolean {
  try {
    // 'wx' = O_CREAT|O_EXCL: exactly one process creates the file.
    const fd = fs.openSync(lockPath, 'wx');
    fs.writeSync(fd, JSON.stringify({ pid: process.pid, host: os.hostname() } satisfies LockHolder));
    fs.closeSync(fd);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

function readLock(lockPath: string): LockHolder | undefined {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
    if (isRecord(parsed) && typeof parsed.pid === 'number' && typeof parsed.host === 'string') return { pid: parsed.pid, host: parsed.host };
  } catch {
    // Gone, or caught between create and write.
  }
  return undefined;
}

function isStale(lockPath: string, holder: LockHolder | undefined): boolean {
  let ageMs: number;
  try {
    ageMs = Date.now() - fs.statSync(lockPath).mtimeMs;
  } catch {
    return false; // already released: just retry
  }
  if (ageMs > LOCK_STALE_MS) return true;
  // Unreadable for more than a moment means its writer died between create and write.
  if (!holder) return ageMs > 10_000;
  return holder.host === os.hostname() && !isAlive(holder.pid);
}

function releaseLock(lockPath: string): void {
  // Only our own: if we were judged stale, the file may now be someone else's.
  if (readLock(lockPath)?.pid === process.pid) fs.rmSync(lockPath, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function runCaptured(command: string, args: string[], opts: { cwd: string; timeoutMs: number }): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (d: Buffer) => {
      output += d.toString();
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const timer = setTimeout(() => {
      output += `\n(killed after ${opts.timeoutMs / 1000} s)`;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    // Maven 3.8 prints colour resets even in batch mode with style.color=never.
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output: output.replace(/\u001b\[[0-9;]*m/g, '') });
    });
  });
}

async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  // No pid: it never started (spawn error), so no 'exit' will come.
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function shQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function seconds(since: number): string {
  return ((Date.now() - since) / 1000).toFixed(1);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
