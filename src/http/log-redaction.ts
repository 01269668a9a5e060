/** Request logging without secrets: report- and inbox-link tokens live in paths, dashboard tokens in `?token=`. */
import type { FastifyRequest } from 'fastify';

// Anything shaped like our signed tokens (base64url payload "." base64url MAC), wherever it was pasted.
const SIGNED_TOKEN = /[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/g;

/** The URL with `/report/<token>`, `/inbox/<token>`, `token=` values and any token-shaped segment replaced by `[redacted]`. */
export function redactUrl(url: string): string {
  return url
    .replace(/\/(report|inbox)\/[^/?#]+/g, '/$1/[redacted]')
    .replace(/([?&](?:access_)?token=)[^&#]*/gi, '$1[redacted]')
    .replace(SIGNED_TOKEN, '[redacted]');
}

/** Pino serializer for requests: what Fastify logs by default, with the URL redacted and no headers. */
export function serializeRequest(request: FastifyRequest): Record<string, unknown> {
  return { method: request.method, url: redactUrl(request.url), host: request.host, remoteAddress: request.ip };
}
