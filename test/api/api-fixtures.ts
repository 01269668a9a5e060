/** Shared by the API and dashboard tests: tokens per role, the small organisation as CSV, links from real emails. */
import type { AppConfig, AppDeps } from '../../src/http/app';
import { CascadeClient } from '../../src/app/cascade-client';
import { startApiServer, type ApiServer } from '../../src/http/server';
import type { OrgUnitInput } from '../../src/domain/org/org';
import { issueAccessToken, type AccessRole } from '../../src/security/access-token';
import { eventually, TEST_BASE_URL, TEST_LINK_SECRET, type CascadeEnv } from '../harness/cascade-env';
import { messageKey } from '../engine/small-org';

/** Key of the access tokens in tests (the report links use TEST_LINK_SECRET from the harness). */
export const TEST_TOKEN_SECRET = 'test-access-token-secret-0123456789abcdef-0123';

/** A signed access token for a role (and unit), valid for an hour unless told otherwise. */
export function tokenFor(role: AccessRole, unitId?: string, ttlSeconds = 3600, now = Date.now()): string {
  return issueAccessToken({ sub: `${role}-${unitId ?? 'all'}`, role, unitId }, TEST_TOKEN_SECRET, { ttlSeconds, now });
}

/** `Authorization: Bearer` headers. */
export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** The organisation as the CSV file a secretariat would upload. */
export function orgCsv(units: OrgUnitInput[]): string {
  const header = 'id,name,level,parentId,email,members,essaysExpected';
  return [header, ...units.map((u) => [u.id, u.name, u.level, u.parentId ?? '', u.email, u.members, u.essaysExpected].join(','))].join('\n');
}

/** The report link of a unit, taken from the notice email the SMTP sink received. */
export async function noticeLink(env: CascadeEnv, directiveId: string, unitId: string): Promise<string> {
  const mail = await eventually(
    async () =>
      (
        await env.mails((m) => {
          const k = messageKey(m.messageId);
          return k?.directive === directiveId && k.unit === unitId && k.kind === 'notice';
        })
      )[0],
    60_000,
    `the notice to ${unitId} of ${directiveId}`,
  );
  const link = /https?:\/\/\S+\/report\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/.exec(mail.text ?? '')?.[0];
  if (!link) throw new Error(`no report link in the notice to ${unitId}:\n${mail.text}`);
  return link;
}

/** The token part of a report link. */
export function linkToken(link: string): string {
  return link.slice(link.lastIndexOf('/') + 1);
}

/** What the app is built from in the tests: the test secrets, links on TEST_BASE_URL, always ready; `config` is merged in. */
export function testAppDeps(cascade: CascadeClient, config: Partial<AppConfig> = {}): AppDeps {
  return {
    cascade,
    config: { PUBLIC_BASE_URL: TEST_BASE_URL, ...config },
    tokenSecret: TEST_TOKEN_SECRET,
    linkSecret: TEST_LINK_SECRET,
    ready: async () => true,
  };
}

/** What a listening server answered: the status, the JSON body (empty for CSV, Markdown or a page) and the raw text. */
export interface ServerAnswer {
  status: number;
  body: Record<string, unknown> & { message?: string };
  text: string;
}

/** One request to a listening server at `base`, with a bearer token and a JSON body when given; redirects are not followed. */
export async function callServer(base: string, method: string, url: string, token?: string, body?: unknown): Promise<ServerAnswer> {
  const response = await fetch(`${base}${url}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    redirect: 'manual',
  });
  const text = await response.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // CSV, Markdown or a page
  }
  return { status: response.status, body: parsed, text };
}

/**
 * Another process's API server: its own client over the same servers, whose copy of the revocations
 * ages by `clock.now` (ms, moved by the test) with the production bound of 5 s. Close it when done.
 */
export async function laggingServer(env: CascadeEnv): Promise<{ server: ApiServer; clock: { now: number } }> {
  const clock = { now: 1_000_000 };
  const lagging = new CascadeClient({
    temporal: env.temporal,
    pool: env.db.pool,
    taskQueue: env.taskQueue,
    revocationCache: { ttlMs: 5_000, clock: () => clock.now },
  });
  return { server: await startApiServer({ ...testAppDeps(lagging), port: 0, logger: false }), clock };
}
