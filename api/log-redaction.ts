/** Request logging without secrets: report-link tokens live in paths, dashboard tokens in `?token=`. */
import type { FastifyRequest } from 'fastify';

/** The URL with `/report/<token>` and `token=` values replaced by `[redacted]`. */
export function redactUrl(url: string): string {
  return url.replace(/\/report\/[^/?#]+/g, '/report/[redacted]').replace(/([?&]token=)[^&#]*/gi, '$1[redacted]');
}

/** Pino serializer for requests: what Fastify logs by default, with the URL redacted and no headers. */
export function serializeRequest(request: FastifyRequest): Record<string, unknown> {
  return { method: request.method, url: redactUrl(request.url), host: request.host, remoteAddress: request.ip };
}
