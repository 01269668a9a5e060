/** What dashboard and report-form routes share: their dependencies, the headers every page carries, small lookups. */
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { CascadeClient } from '../../app/cascade-client';
import type { DirectiveSummary } from '../../store/directory-queries';
import { NotFoundError } from '../../app/errors';
import type { AccessPolicy } from '../auth/access-policy';
import type { TokenSecrets } from '../auth/principal';
import type { RateLimits } from '../limits/rate-limits';
import type { SignInSettings } from '../auth/sign-in-settings';

/** Dependencies of the page routes. */
export interface PageDeps {
  cascade: CascadeClient;
  access: AccessPolicy;
  secrets: TokenSecrets;
  publicBaseUrl: string;
  /** How often live pages poll the JSON API. */
  pollIntervalMs: number;
  /** The API's rate limits; the report form counts against the same per-unit budget as the API. */
  limits: RateLimits;
  /** Sign-in by email: the mailer and the lifetimes of links and sessions. */
  signIn: SignInSettings;
}

/** A page module: a Fastify plugin with zod types and the page dependencies. */
export type PagePlugin = FastifyPluginAsyncZod<PageDeps>;

/** Only our own scripts, styles and forms; nothing framed; no referrer (report links carry a token in the path). */
const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** Sends a page with the security headers every page carries. */
export function sendPage(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('content-security-policy', PAGE_CSP)
    .header('referrer-policy', 'no-referrer')
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .send(body);
}

/** The launched directive with this id, or 404. */
export async function findDirective(cascade: CascadeClient, directiveId: string): Promise<DirectiveSummary> {
  const directive = (await cascade.directives()).find((d) => d.id === directiveId);
  if (!directive) throw new NotFoundError(`directive ${directiveId} has not been launched`);
  return directive;
}
