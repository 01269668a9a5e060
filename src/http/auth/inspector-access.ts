/**
 * Recording inspectors' requests: an onResponse hook, so the row holds the answer's status and the
 * caller never waits for the write (src/app/access-log.ts queues it). A failed write is logged and
 * the request stands.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CascadeClient } from '../../app/cascade-client';
import type { AccessLogRow } from '../../store/access-log';
import { redactUrl } from '../log-redaction';

// Control characters (NUL above all) cannot be stored as text; a path is recorded, not trusted.
const CONTROL = /[\u0000-\u001f\u007f]/g;

function clip(text: string, max: number): string {
  return text.replace(CONTROL, '?').slice(0, max);
}

function param(request: FastifyRequest, name: string): string | undefined {
  const value = (request.params as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value !== '' ? clip(value, 200) : undefined;
}

/** The row of one answered request: the directive and unit its path names, if any. */
export function accessLogRow(request: FastifyRequest, reply: FastifyReply, p: { sub: string; tokenId: string; unitId: string }): AccessLogRow {
  const route = request.routeOptions.url ?? '(no route)';
  const directiveId = param(request, 'directiveId') ?? (/\/directives\/:id(\/|$)/.test(route) ? param(request, 'id') : undefined);
  const targetUnit = param(request, 'unitId') ?? (/\/units\/:id(\/|$)/.test(route) ? param(request, 'id') : undefined);
  return {
    at: new Date(Date.now() - reply.elapsedTime).toISOString(),
    subject: p.sub,
    tokenId: p.tokenId,
    unitId: p.unitId,
    method: clip(request.method, 10),
    route: clip(route, 300),
    path: clip(redactUrl(request.url.split('?')[0] ?? '/'), 500) || '/',
    directiveId: directiveId ?? null,
    targetUnit: targetUnit ?? null,
    status: reply.statusCode,
  };
}

/** The onResponse hook recording every request an inspector made, on the API and the dashboard. */
export function inspectorAccessHook(cascade: Pick<CascadeClient, 'recordInspectorAccess'>) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const p = request.principal;
    // A session's id stands where a token's would: the credential the request was made with.
    const credentialId = p?.kind === 'inspector' ? (p.tokenId ?? p.sessionId) : undefined;
    if (p?.kind !== 'inspector' || credentialId === undefined) return;
    const row = accessLogRow(request, reply, { sub: p.sub, tokenId: credentialId, unitId: p.unitId });
    void cascade.recordInspectorAccess(row, (err) => request.log.error({ err }, 'recording an inspector request in the access log failed'));
  };
}
