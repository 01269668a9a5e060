/**
 * Builds the HTTP app (API under /api, dashboard pages, report forms) without listening, so tests
 * call `inject` and `server.ts` owns the process. Every interface call goes through the client module.
 */
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { CascadeClient } from '../app/cascade-client';
import { dashboardPlugin, renderErrorPage } from './pages';
import { assertAccessSecret } from '../security/access-token';
import { assertLinkSecret } from '../security/report-link';
import { AccessPolicy } from './auth/access-policy';
import { authenticate } from './auth/principal';
import { assertNotRevoked } from './auth/revocation-check';
import { inspectorAccessHook } from './auth/inspector-access';
import { secretVisibilityHook } from './auth/secret-visibility';
import { secretReadHook } from './auth/secret-read-log';
import { registerContentParsers } from './request/content-parsers';
import { createErrorHandler } from './errors/error-handler';
import { createRateLimits, type RateLimitSettings } from './limits/rate-limits';
import { redactUrl, serializeRequest } from './log-redaction';
import { directiveRoutes } from './api/directive-routes';
import { healthRoutes } from './api/health-routes';
import { inboxRoutes } from './api/inbox-routes';
import { digestRoutes } from './api/digest-routes';
import { orgRoutes, orgUnitRoutes } from './api/org-routes';
import { quarantineRoutes } from './api/quarantine-routes';
import { reorganisationRoutes } from './api/reorganisation-routes';
import { calendarRoutes } from './api/calendar-routes';
import { credentialRoutes } from './api/credential-routes';
import { accessLogRoutes } from './api/access-log-routes';
import { secretReadRoutes } from './api/secret-read-routes';
import { auditRoutes } from './api/audit-routes';
import type { RouteDeps } from './api/route-kit';
import { supervisionRoutes } from './api/supervision-routes';
import { tokenRoutes } from './api/token-routes';
import { peopleRoutes } from './api/people-routes';
import { sessionRoutes } from './api/session-routes';
import { sessionSeenHook } from './auth/session-seen';
import type { AppMailer } from '../app/sign-in-email';
import { DEFAULT_SIGN_IN_LINK_TTL_MINUTES } from '../security/sign-in-link';
import { DEFAULT_SESSION_TTL_HOURS } from '../security/session-token';
import { unitRoutes } from './api/unit-routes';
import { attachmentRoutes } from './api/attachment-routes';
import { MULTIPART_LIMITS } from './request/multipart-file';
import { zodValidatorCompiler } from './request/validation';

/** The part of the configuration the app reads (the process's parsed `Config` fits). */
export interface AppConfig extends RateLimitSettings {
  /** Base of links (report links, dashboard); an https base makes the session cookie Secure. */
  PUBLIC_BASE_URL: string;
  /** Largest body in bytes (default 1 MiB; the organisation import has its own 64 MiB). */
  API_BODY_LIMIT_BYTES?: number;
  /** Minutes an emailed sign-in link works (default 15). */
  SIGN_IN_LINK_TTL_MINUTES?: number;
  /** Hours a browser session lasts from sign-in (default 12). */
  SESSION_TTL_HOURS?: number;
}

/** Default of API_BODY_LIMIT_BYTES: a report or spec is a few KiB, so 1 MiB is generous. */
const DEFAULT_BODY_LIMIT = 1_048_576;

/**
 * Pino paths censored wherever they turn up: the request serializer already leaves headers out,
 * this is the second line of defence if a log call ever passes a request or its headers whole.
 */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  'res.headers["set-cookie"]',
  'token',
  '*.token',
];

/** What the app is built from. */
export interface AppDeps {
  cascade: CascadeClient;
  config: AppConfig;
  /** Key of the access tokens (API_TOKEN_SECRET), ≥ 32 bytes. */
  tokenSecret: string;
  /** Key of the report links in emails (LINK_SIGNING_SECRET), the same the worker signs with. */
  linkSecret: string;
  /** True once the servers and a worker answer; behind GET /healthz. */
  ready: () => Promise<boolean>;
  /** Pino options (level, stream) or false; URLs are logged with tokens redacted. Default: no logging. */
  logger?: false | { level?: string; stream?: NodeJS.WritableStream };
  /** Sends sign-in links (SMTP_URL, MAIL_FROM); without it /sign-in says that links cannot be sent by email. */
  mailer?: AppMailer;
  /** How often live dashboard pages poll (default 5 s). */
  pollIntervalMs?: number;
}

/** Builds the Fastify app with its routes, schemas, OpenAPI document and the one error handler. */
export function buildApp(deps: AppDeps): FastifyInstance {
  assertAccessSecret(deps.tokenSecret);
  assertLinkSecret(deps.linkSecret);
  const logger: FastifyServerOptions['logger'] = deps.logger
    ? {
        level: deps.logger.level ?? 'info',
        stream: deps.logger.stream,
        serializers: { req: serializeRequest },
        redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      }
    : false;
  const bodyLimit = deps.config.API_BODY_LIMIT_BYTES ?? DEFAULT_BODY_LIMIT;
  const app = Fastify({ logger, bodyLimit, routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1000 } }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(zodValidatorCompiler);
  app.decorateRequest('principal', null);
  registerContentParsers(app);
  // Uploads (attachments to reports) are read as streams; nothing buffers a file whole (src/http/request/multipart-file.ts).
  void app.register(multipart, { limits: MULTIPART_LIMITS });
  app.setErrorHandler(createErrorHandler(renderErrorPage));
  // Fastify's default 404 logs the URL, which may hold a report-link token.
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: 'NotFound', message: `no route ${request.method} ${redactUrl(request.url.split('?')[0] ?? '')}` }),
  );

  void app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'directive-cascade API', version: '0.1.0', description: 'Cascade directives down an organisation tree: launch, report, supervise.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'Access token, or the token of a report or inbox link' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });

  const access = new AccessPolicy(deps.cascade);
  const secrets = { tokenSecret: deps.tokenSecret, linkSecret: deps.linkSecret };
  const limits = createRateLimits(deps.config);
  const signIn = {
    mailer: deps.mailer ?? null,
    linkTtlMinutes: deps.config.SIGN_IN_LINK_TTL_MINUTES ?? DEFAULT_SIGN_IN_LINK_TTL_MINUTES,
    sessionTtlHours: deps.config.SESSION_TTL_HOURS ?? DEFAULT_SESSION_TTL_HOURS,
  };
  const routeDeps: RouteDeps = { cascade: deps.cascade, access, secrets, publicBaseUrl: deps.config.PUBLIC_BASE_URL, limits, signIn };

  // On the root, so API routes and dashboard pages alike are recorded when an inspector calls them.
  app.addHook('onResponse', inspectorAccessHook(deps.cascade));
  // Secret directives: hidden (404) from whoever may not see one, before any route's own check; every read of one recorded.
  app.addHook('preValidation', secretVisibilityHook(access));
  app.addHook('onResponse', secretReadHook(deps.cascade));
  app.addHook('onResponse', sessionSeenHook(deps.cascade));
  void app.register(healthRoutes, { ready: deps.ready });
  void app.register(
    async (api) => {
      api.addHook('onRequest', async (request) => {
        const principal = authenticate(request, secrets);
        await assertNotRevoked(deps.cascade, principal);
        request.principal = principal;
        // The one place writes are refused to inspectors: every method but GET and HEAD is a write.
        if (request.method !== 'GET' && request.method !== 'HEAD') access.requireWriter(principal);
      });
      await api.register(orgRoutes, routeDeps);
      await api.register(orgUnitRoutes, routeDeps);
      await api.register(tokenRoutes, routeDeps);
      await api.register(credentialRoutes, routeDeps);
      await api.register(peopleRoutes, routeDeps);
      await api.register(sessionRoutes, routeDeps);
      await api.register(accessLogRoutes, routeDeps);
      await api.register(secretReadRoutes, routeDeps);
      await api.register(auditRoutes, routeDeps);
      await api.register(directiveRoutes, routeDeps);
      await api.register(quarantineRoutes, routeDeps);
      await api.register(reorganisationRoutes, routeDeps);
      await api.register(calendarRoutes, routeDeps);
      await api.register(supervisionRoutes, routeDeps);
      await api.register(unitRoutes, routeDeps);
      await api.register(attachmentRoutes, routeDeps);
      await api.register(inboxRoutes, routeDeps);
      await api.register(digestRoutes, routeDeps);
    },
    { prefix: '/api' },
  );
  void app.register(dashboardPlugin, { ...routeDeps, pollIntervalMs: deps.pollIntervalMs ?? 5_000 });
  return app;
}
