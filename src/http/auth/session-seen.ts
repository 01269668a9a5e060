/** Keeping a session's "last seen": an onResponse hook, so no request waits for the write (at most one a minute per session). */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CascadeClient } from '../../app/cascade-client';

/** The onResponse hook recording that a signed-in person's session was used; a failed write is logged and the request stands. */
export function sessionSeenHook(cascade: Pick<CascadeClient, 'touchSession'>) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const p = request.principal;
    if (!p || p.kind === 'unit' || p.kind === 'report-link' || p.kind === 'inbox-link' || p.sessionId === undefined) return;
    cascade.touchSession(p.sessionId).catch((err: unknown) => request.log.error({ err }, 'recording when a session was last seen failed'));
  };
}
