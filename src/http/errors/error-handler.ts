/** The one error handler: every failure becomes its status with a body that says what to do, never a stack trace. */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { describeError, type ErrorAnswer } from './error-mapping';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route answers with HTML pages, so its errors are pages too. */
    page?: boolean;
  }
}

/** Renders an error as an HTML page for routes marked `config.page`. */
export type ErrorPageRenderer = (answer: ErrorAnswer, request: FastifyRequest) => string;

/** Builds the handler; `renderPage` draws errors of dashboard and report-form routes. */
export function createErrorHandler(renderPage: ErrorPageRenderer) {
  return (err: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const answer = describeError(err, request.id, { bodyLimit: request.routeOptions.bodyLimit });
    if (answer.internal) request.log.error({ err }, 'request failed');
    if (answer.headers) void reply.headers(answer.headers);
    if (request.routeOptions.config?.page) {
      return reply.code(answer.status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(renderPage(answer, request));
    }
    if (answer.status === 401) reply.header('www-authenticate', 'Bearer realm="directive-cascade"');
    return reply.code(answer.status).send(answer.body);
  };
}
