/**
 * Passwordless sign-in and the server sessions it opens. A person asks for a link by email; the
 * link (signed, single-use, short-lived) opens a session: a `credentials` row of kind 'session'
 * and a signed cookie value naming it, valid for a fixed time from sign-in. Sessions are listed and
 * revoked like tokens, and every request is checked against the same revocation list.
 */
import crypto from 'node:crypto';
import type { Pool } from 'pg';
import { actorLabel, type AdminActor } from '../domain/audit/admin-actor';
import { emailField } from '../domain/people/person';
import { flattenZodError } from '../domain/text/fields';
import { RevocationReasonSchema } from '../security/revocation-list';
import { sealSessionToken } from '../security/session-token';
import { sealSignInToken, verifySignInToken } from '../security/sign-in-link';
import { recordAdminAction } from '../store/admin-audit';
import { withTransaction } from '../store/db';
import { lockPerson, personByEmail, type PersonRecord } from '../store/people';
import {
  consumeSignInLink,
  insertSession,
  insertSignInLink,
  listSessions,
  lockSession,
  revokeSessionRow,
  signInLinkState,
  touchSession,
  type SessionRecord,
} from '../store/sessions';
import { ConflictError, InputError, NotFoundError } from './errors';

/** A session's last-seen instant is written at most once per this long per process: one write per minute, not per request. */
const TOUCH_EVERY_MS = 60_000;
/** Most sessions a listing shows, newest first. */
const SESSION_LISTING_LIMIT = 1_000;

/** A sign-in link made for a known, active person. */
export interface SignInRequest {
  person: PersonRecord;
  /** The link to email: `<base>/sign-in/<token>`. */
  link: string;
  expiresAt: string;
}

/** Why a sign-in link was refused. */
export type SignInRefusal = 'malformed' | 'bad-signature' | 'expired' | 'used' | 'disabled';

/** A sign-in link that cannot open a session, and why. */
export class SignInRefusedError extends Error {
  override readonly name = 'SignInRefused';
  constructor(readonly reason: SignInRefusal) {
    super(`sign-in link refused: ${reason}`);
  }
}

/** A session just opened: its row, the person, and the signed value of its cookie. */
export interface OpenedSession {
  session: SessionRecord;
  person: PersonRecord;
  cookieValue: string;
}

/** A session as the listing shows it, with where it stands now. */
export interface SessionListing extends SessionRecord {
  status: 'active' | 'expired' | 'revoked';
}

/** See the file comment. */
export class Sessions {
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly pool: Pool,
    /** Told after a session was revoked here, so this process's revocation cache is dropped. */
    private readonly onRevoked: () => void,
  ) {}

  /**
   * A sign-in link for the person with this email, recorded; null when no active person has it
   * (the caller answers the same either way). 400 naming `email` when it is not an address.
   */
  async requestLink(emailInput: unknown, opts: { secret: string; ttlMinutes: number; baseUrl: string }): Promise<SignInRequest | null> {
    const email = emailField('email').safeParse(emailInput);
    if (!email.success) {
      const issues = flattenZodError(email.error).map((i) => ({ ...i, path: 'email' }));
      throw new InputError(`email: ${issues.map((i) => i.message).join('; ')}`, issues);
    }
    const person = await personByEmail(this.pool, email.data);
    if (!person || person.disabledAt) return null;
    const now = Date.now();
    const id = crypto.randomUUID();
    const expiresAt = new Date(now + opts.ttlMinutes * 60_000).toISOString();
    await insertSignInLink(this.pool, { id, personId: person.id, issuedAt: new Date(now).toISOString(), expiresAt });
    const token = sealSignInToken({ id, expiresAt }, opts.secret);
    return { person, link: `${opts.baseUrl.replace(/\/+$/, '')}/sign-in/${token}`, expiresAt };
  }

  /** Whether a sign-in link can still be used (the confirm page asks before showing its button); throws SignInRefusedError otherwise. */
  async checkLink(token: string, secret: string): Promise<void> {
    const grant = verifySignInToken(token, secret);
    if (!grant.ok) throw new SignInRefusedError(grant.reason);
    const state = await signInLinkState(this.pool, grant.id);
    if (!state) throw new SignInRefusedError('bad-signature');
    if (state.usedAt) throw new SignInRefusedError('used');
  }

  /** Consumes a sign-in link (once: a second use is refused as 'used') and opens a session for its person. */
  async signIn(token: string, opts: { secret: string; ttlHours: number; userAgent: string | undefined }): Promise<OpenedSession> {
    const grant = verifySignInToken(token, opts.secret);
    if (!grant.ok) throw new SignInRefusedError(grant.reason);
    return withTransaction(this.pool, async (client) => {
      const personId = await consumeSignInLink(client, grant.id);
      if (!personId) {
        const state = await signInLinkState(client, grant.id);
        throw new SignInRefusedError(!state ? 'bad-signature' : state.usedAt ? 'used' : 'expired');
      }
      const person = await lockPerson(client, personId);
      if (!person || person.disabledAt) throw new SignInRefusedError('disabled');
      const now = Date.now();
      const exp = Math.floor(now / 1000 + opts.ttlHours * 3600);
      const session = await insertSession(client, {
        id: crypto.randomUUID(),
        personId: person.id,
        subject: person.email,
        role: person.role,
        unitId: person.unitId,
        issuedAt: new Date(now).toISOString(),
        issuedBy: `sign-in:${person.email}`,
        expiresAt: new Date(exp * 1000).toISOString(),
        userAgent: opts.userAgent ? opts.userAgent.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 300) : null,
      });
      // Proven by the emailed link it consumed, which only the person's inbox held.
      await recordAdminAction(client, {
        action: 'session-issue',
        target: session.id,
        scopeUnit: person.unitId,
        details: { personId: person.id, email: person.email, role: person.role, expiresAt: session.expiresAt },
        actor: { kind: 'link', credentialId: `sign-in-link:${grant.id}`, sub: person.email, role: person.role, unitId: person.unitId },
      });
      const cookieValue = sealSessionToken(
        {
          sid: session.id,
          personId: person.id,
          sub: person.email,
          name: person.name,
          role: person.role,
          ...(person.unitId ? { unitId: person.unitId } : {}),
          exp,
        },
        opts.secret,
      );
      return { session, person, cookieValue };
    });
  }

  /** Sessions newest first with their status now; one person's when `personId` is given. */
  async list(personId: string | null): Promise<SessionListing[]> {
    const now = Date.now();
    return (await listSessions(this.pool, personId, SESSION_LISTING_LIMIT)).map((s) => ({
      ...s,
      status: s.revokedAt ? 'revoked' : Date.parse(s.expiresAt) <= now ? 'expired' : 'active',
    }));
  }

  /**
   * Revokes a session (audited as session-revoke; 404 unknown, 409 revoked already). With `ownerPersonId`, only that person's
   * session: another's is a 404 too, so a person learns nothing about sessions not theirs. `authorise` sees the record
   * first and throws to refuse (a committee's secretariat revokes sessions of its subtree only).
   */
  async revoke(
    id: string,
    reasonInput: unknown,
    actor: AdminActor,
    ownerPersonId?: string,
    authorise?: (session: SessionRecord) => Promise<void>,
  ): Promise<SessionRecord> {
    const reason = RevocationReasonSchema.safeParse(reasonInput);
    if (!reason.success) {
      const issues = flattenZodError(reason.error).map((i) => ({ ...i, path: 'reason' }));
      throw new InputError(`reason: ${issues.map((i) => i.message).join('; ')}`, issues);
    }
    const revoked = await withTransaction(this.pool, async (client) => {
      const before = await lockSession(client, id);
      if (!before || (ownerPersonId !== undefined && before.personId !== ownerPersonId)) {
        throw new NotFoundError(`no session has the id ${id}; \`cascade sessions\` (GET /api/sessions) lists them`);
      }
      await authorise?.(before);
      if (before.revokedAt)
        throw new ConflictError(`session ${id} was already revoked at ${before.revokedAt} by ${before.revokedBy} (${before.reason})`, 'AlreadyRevoked');
      const after = (await revokeSessionRow(client, id, actorLabel(actor), reason.data)) as SessionRecord;
      await recordAdminAction(client, {
        action: 'session-revoke',
        target: id,
        scopeUnit: after.unitId,
        details: { personId: after.personId, email: after.subject, reason: reason.data },
        actor,
      });
      return after;
    });
    this.onRevoked();
    return revoked;
  }

  /** Records that a session was used now; at most one write per session per minute from this process, never awaited by a request. */
  async touch(id: string): Promise<void> {
    const now = Date.now();
    const last = this.touched.get(id);
    if (last !== undefined && now - last < TOUCH_EVERY_MS) return;
    if (this.touched.size > 10_000) this.touched.clear();
    this.touched.set(id, now);
    await touchSession(this.pool, id, new Date(now).toISOString());
  }
}
