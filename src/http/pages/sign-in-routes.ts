/**
 * Signing in by email and out: /sign-in asks for a link (the same answer whether or not the address
 * is known, rate-limited per address and per client), /sign-in/:token shows a button whose POST
 * uses the link up and opens a session (a GET never does: mail scanners open links), /sign-out
 * revokes the session and clears the cookie.
 */
import { z } from 'zod';
import { CascadeError } from '../../app/errors';
import { SignInRefusedError } from '../../app/sessions';
import { sendSignInEmail } from '../../app/sign-in-email';
import { actorOf } from '../auth/actor';
import { assertCsrf } from '../auth/csrf';
import { principalFromCookie, type Principal } from '../auth/principal';
import { clearedSessionCookie, readCookie, SESSION_COOKIE, sessionCookie } from '../auth/session-cookie';
import { enforceLimit } from '../limits/rate-limits';
import { sendPage, type PagePlugin } from './page-kit';
import { signInWords } from './sign-in-words';
import { href } from './views/layout';
import { signInConfirmPage, signInPage, signInRefusedPage, signInSentPage } from './views/sign-in-view';

const LangQuery = z.object({ lang: z.enum(['vi', 'en']).default('vi'), signedOut: z.string().optional() });
const TokenPath = z.object({ token: z.string().min(1).max(2000) });
const FormBody = z.record(z.string(), z.string(), { error: 'send the form fields (application/x-www-form-urlencoded)' });
const page = { page: true } as const;

/** Registers GET/POST /sign-in, GET/POST /sign-in/:token and POST /sign-out. */
export const signInRoutes: PagePlugin = async (app, deps) => {
  const { cascade, signIn, secrets } = deps;
  const secure = deps.publicBaseUrl.startsWith('https:');

  /** The form asking for a link. */
  app.get('/sign-in', { config: page, schema: { hide: true, querystring: LangQuery } }, async (request, reply) => {
    const { lang, signedOut } = request.query;
    const notice = signedOut === undefined ? undefined : signInWords(lang).signedOut;
    return sendPage(reply, signInPage({ lang, url: request.url, canSend: signIn.mailer !== null, notice }));
  });

  /** Sends a link to a known, active person; the answer is the same for every address (no way to learn who is registered). */
  app.post('/sign-in', { config: page, schema: { hide: true, querystring: LangQuery, body: FormBody } }, async (request, reply) => {
    const { lang } = request.query;
    const typed = request.body.email ?? '';
    // Counted before anything is looked up, so the limits answer alike for known and unknown addresses.
    enforceLimit(deps.limits, 'signInIp', `ip:${request.ip}`);
    enforceLimit(deps.limits, 'signInEmail', `email:${typed.trim().toLowerCase()}`);
    if (!signIn.mailer) return sendPage(reply, signInPage({ lang, url: request.url, canSend: false }), 503);
    let link;
    try {
      link = await cascade.requestSignIn(typed, { secret: secrets.tokenSecret, ttlMinutes: signIn.linkTtlMinutes, baseUrl: deps.publicBaseUrl });
    } catch (err) {
      if (!(err instanceof CascadeError) || err.status !== 400) throw err;
      return sendPage(reply, signInPage({ lang, url: request.url, email: typed, error: signInWords(lang).badEmail(typed.trim()), canSend: true }), 400);
    }
    // Not awaited: an answer that waited for SMTP only for known addresses would tell them apart by its time.
    if (link) void sendSignInEmail(signIn.mailer, link).catch((err: unknown) => request.log.error({ err }, 'sending a sign-in link failed'));
    return sendPage(reply, signInSentPage({ lang, url: request.url, email: typed.trim(), minutes: signIn.linkTtlMinutes }));
  });

  /** The confirm step: a button, so opening the link alone uses nothing up. */
  app.get('/sign-in/:token', { config: page, schema: { hide: true, params: TokenPath, querystring: LangQuery } }, async (request, reply) => {
    const { lang } = request.query;
    try {
      await cascade.checkSignInLink(request.params.token, secrets.tokenSecret);
    } catch (err) {
      if (err instanceof SignInRefusedError) return sendPage(reply, signInRefusedPage({ lang, url: request.url, reason: err.reason }), 401);
      throw err;
    }
    return sendPage(reply, signInConfirmPage({ lang, url: request.url, action: href(`/sign-in/${request.params.token}`, lang) }));
  });

  /** Uses the link up (once) and opens a session: the cookie, then the dashboard. */
  app.post('/sign-in/:token', { config: page, schema: { hide: true, params: TokenPath, querystring: LangQuery } }, async (request, reply) => {
    const { lang } = request.query;
    let opened;
    try {
      opened = await cascade.signIn(request.params.token, {
        secret: secrets.tokenSecret,
        ttlHours: signIn.sessionTtlHours,
        userAgent: request.headers['user-agent'],
      });
    } catch (err) {
      if (err instanceof SignInRefusedError) return sendPage(reply, signInRefusedPage({ lang, url: request.url, reason: err.reason }), 401);
      throw err;
    }
    return reply
      .header('set-cookie', sessionCookie(opened.cookieValue, signIn.sessionTtlHours * 3600, secure))
      .header('cache-control', 'no-store')
      .redirect(href('/dashboard', lang), 303);
  });

  /** Revokes the session (the page's CSRF token required) and clears the cookie; a cookie that no longer works is just cleared. */
  app.post('/sign-out', { config: page, schema: { hide: true, querystring: LangQuery, body: FormBody.optional() } }, async (request, reply) => {
    const { lang } = request.query;
    const cookie = readCookie(request.headers.cookie, SESSION_COOKIE);
    let p: Principal | null = null;
    try {
      p = cookie ? principalFromCookie(cookie, secrets.tokenSecret) : null;
    } catch {
      p = null;
    }
    if (p && p.kind !== 'unit' && p.kind !== 'report-link' && p.kind !== 'inbox-link' && p.sessionId !== undefined) {
      assertCsrf(request.body?._csrf, p, secrets.tokenSecret);
      try {
        await cascade.revokeSession(p.sessionId, 'signed out', actorOf(p), p.person?.id);
      } catch (err) {
        // Revoked already (by the secretariat, or a second sign-out): the cookie goes all the same.
        if (!(err instanceof CascadeError) || (err.status !== 409 && err.status !== 404)) throw err;
      }
    }
    return reply
      .header('set-cookie', clearedSessionCookie(secure))
      .header('cache-control', 'no-store')
      .redirect(href('/sign-in', lang, { signedOut: '1' }), 303);
  });
};
