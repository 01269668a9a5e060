/**
 * Recording every read of a secret directive, by anyone, API or dashboard: an onResponse hook, so
 * the row holds the answer's status (a refused read is a 404 and is recorded too) and the caller
 * never waits for the write (src/app/secret-reads.ts queues it). The directive is the one the path
 * names, and every one a listing showed (routes that list directives call noteDirectivesShown); the
 * report-form and inbox pages, opened with a link, name their reader with noteLinkReader.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CascadeClient } from '../../app/cascade-client';
import type { SecretReadRow } from '../../store/secret-reads';
import { redactUrl } from '../log-redaction';
import type { Principal } from './principal';
import { directiveIdOf } from './secret-visibility';

// Control characters (NUL above all) cannot be stored as text; a path is recorded, not trusted.
const CONTROL = /[\u0000-\u001f\u007f]/g;

function clip(text: string, max: number): string {
  return text.replace(CONTROL, '?').slice(0, max);
}

const shown = new WeakMap<FastifyRequest, readonly string[]>();
const linkReaders = new WeakMap<FastifyRequest, Principal>();

/** Tells the hook which directives a listing answered with (the secret ones among them are recorded). */
export function noteDirectivesShown(request: FastifyRequest, directiveIds: readonly string[]): void {
  shown.set(request, directiveIds);
}

/**
 * Tells the hook who reads a page opened with a report or inbox link: those pages check their link
 * themselves, so the request carries no principal, yet the unit reading them is a reader too.
 */
export function noteLinkReader(request: FastifyRequest, reader: Extract<Principal, { kind: 'report-link' | 'inbox-link' }>): void {
  linkReaders.set(request, reader);
}

/** The caller's credential id (access token or session) and own unit, whatever kind it is. */
function callerOf(p: Principal): { credential: string | null; unitId: string | null } {
  const fields = p as { tokenId?: unknown; sessionId?: unknown; unitId?: unknown };
  const credential = typeof fields.tokenId === 'string' ? fields.tokenId : typeof fields.sessionId === 'string' ? fields.sessionId : null;
  return { credential: credential && clip(credential, 64), unitId: typeof fields.unitId === 'string' ? clip(fields.unitId, 200) : null };
}

function readRow(request: FastifyRequest, reply: FastifyReply, p: Principal, directiveId: string, named: boolean): SecretReadRow {
  const params = request.params as Record<string, unknown> | undefined;
  const route = request.routeOptions.url ?? '(no route)';
  const target = params?.unitId ?? (/\/units\/:id(\/|$)/.test(route) ? params?.id : undefined);
  return {
    at: new Date(Date.now() - reply.elapsedTime).toISOString(),
    directiveId,
    subject: clip(p.sub, 200) || '?',
    role: p.kind,
    ...callerOf(p),
    method: clip(request.method, 10),
    route: clip(route, 300),
    path: clip(redactUrl(request.url.split('?')[0] ?? '/'), 500) || '/',
    targetUnit: named && typeof target === 'string' && target !== '' ? clip(target, 200) : null,
    status: reply.statusCode,
  };
}

/** The onResponse hook recording each read of a secret directive. */
export function secretReadHook(cascade: Pick<CascadeClient, 'directiveSecrecy' | 'recordSecretRead'>) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const p = request.principal ?? linkReaders.get(request);
    if (!p || (request.method !== 'GET' && request.method !== 'HEAD')) return;
    const named = directiveIdOf(request);
    const ids = new Set([...(named === undefined ? [] : [named]), ...(shown.get(request) ?? [])]);
    const onError = (err: unknown) => request.log.error({ err }, 'recording a read of a secret directive failed');
    for (const id of ids) {
      try {
        if (!(await cascade.directiveSecrecy(id))?.secret) continue;
      } catch (err) {
        onError(err);
        continue;
      }
      void cascade.recordSecretRead(readRow(request, reply, p, id, id === named), onError);
    }
  };
}
