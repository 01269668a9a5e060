/**
 * Revocable credentials: every access token is recorded when issued, the secretariat lists them
 * and revokes one, or a whole family of emailed links; every request is checked against the
 * revocations in force, read once per `ttlMs` (5 s by default) and kept in memory, so a revoked
 * credential fails within that bound on every route and page without a query per request.
 * Revocations made through this client take effect here at once; another process (the CLI, a
 * second server) sees them when its copy is older than the bound.
 */
import crypto from 'node:crypto';
import type { Pool } from 'pg';
import { z } from 'zod';
import { flattenZodError } from '../domain/text/fields';
import { issueAccessToken, type AccessRole } from '../security/access-token';
import { linkFamilyId, LinkRevocationSchema, RevocationList, RevocationReasonSchema, type LinkRevocation } from '../security/revocation-list';
import {
  insertAccessToken,
  linkFamily,
  listAccessTokens,
  listLinkFamilies,
  loadRevocations,
  lockAccessToken,
  revokeAccessTokenRow,
  revokeLinkFamilyRow,
  type AccessTokenRecord,
  type LinkFamilyRecord,
} from '../store/credentials';
import { withTransaction } from '../store/db';
import { recordAdminAction } from '../store/admin-audit';
import { actorLabel, type AdminActor } from '../domain/audit/admin-actor';
import { snapshotUnitInfo } from '../store/directory-queries';
import { recordOrgChange } from '../store/org-audit';
import { directoryUnit } from '../store/unit-inbox';
import { ConflictError, InputError, NotFoundError } from './errors';

/** Default bound: how stale the revocations a request is checked against may be. */
export const REVOCATION_CACHE_MS = 5_000;
/** Most tokens the listing shows, newest first. */
const TOKEN_LISTING_LIMIT = 1_000;

/** How the revocations are cached: the bound in ms (0: read on every check) and the clock it is measured with. */
export interface RevocationCacheOptions {
  ttlMs?: number;
  clock?: () => number;
}

/** A token as the listing shows it, with where it stands now. */
export interface AccessTokenListing extends AccessTokenRecord {
  status: 'active' | 'expired' | 'revoked';
}

/** What the secretariat sees: the tokens issued, and the link families revoked. */
export interface CredentialListing {
  tokens: AccessTokenListing[];
  linkFamilies: LinkFamilyRecord[];
}

/** A token just issued: the signed token and its record. */
export interface IssuedToken {
  token: string;
  record: AccessTokenRecord;
}

function parsed<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = flattenZodError(result.error);
  throw new InputError(`${what}: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`, issues);
}

/** See the file comment. */
export class Credentials {
  private readonly ttlMs: number;
  private readonly clock: () => number;
  private cached: { list: RevocationList; readAt: number } | null = null;
  private loading: Promise<RevocationList> | null = null;

  constructor(
    private readonly pool: Pool,
    cache: RevocationCacheOptions = {},
  ) {
    this.ttlMs = cache.ttlMs ?? REVOCATION_CACHE_MS;
    this.clock = cache.clock ?? Date.now;
  }

  /** The revocations in force, at most `ttlMs` old; concurrent callers share one read. */
  async revocations(): Promise<RevocationList> {
    const now = this.clock();
    if (this.cached && now - this.cached.readAt < this.ttlMs) return this.cached.list;
    this.loading ??= loadRevocations(this.pool)
      .then((rows) => {
        const list = new RevocationList(rows);
        this.cached = { list, readAt: now };
        return list;
      })
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }

  /** Drops the cached revocations, so a revocation made in this process (a session, a person disabled) counts at once. */
  forgetRevocations(): void {
    this.cached = null;
  }

  /**
   * Signs an access token and records it (issued by `opts.actor`, written as `issuedBy`, by default
   * the actor's label; audited), in that order of commitment: no token leaves unrecorded.
   */
  async issue(
    grant: { sub: string; role: AccessRole; unitId?: string },
    opts: { secret: string; ttlSeconds: number; actor: AdminActor; issuedBy?: string },
  ): Promise<IssuedToken> {
    const now = Date.now();
    const issuedBy = opts.issuedBy ?? actorLabel(opts.actor);
    const id = crypto.randomUUID();
    const token = issueAccessToken({ ...grant, jti: id }, opts.secret, { ttlSeconds: opts.ttlSeconds, now });
    const record = await withTransaction(this.pool, async (client) => {
      const row = await insertAccessToken(client, {
        id,
        subject: grant.sub,
        role: grant.role,
        unitId: grant.unitId ?? null,
        issuedAt: new Date(now).toISOString(),
        issuedBy,
        expiresAt: new Date(Math.floor(now / 1000 + opts.ttlSeconds) * 1000).toISOString(),
      });
      await recordOrgChange(client, issuedBy, [{ action: 'token-issue', unitId: row.unitId, before: null, after: { ...row } }]);
      await recordAdminAction(client, {
        action: 'token-issue',
        target: row.id,
        scopeUnit: row.unitId,
        details: { subject: row.subject, role: row.role, unitId: row.unitId, expiresAt: row.expiresAt },
        actor: opts.actor,
      });
      return row;
    });
    return { token, record };
  }

  /** The tokens issued (newest first, with their status now) and the link families revoked. */
  async list(): Promise<CredentialListing> {
    const [tokens, linkFamilies] = await Promise.all([listAccessTokens(this.pool, TOKEN_LISTING_LIMIT), listLinkFamilies(this.pool)]);
    const now = Date.now();
    return {
      tokens: tokens.map((t) => ({ ...t, status: t.revokedAt ? 'revoked' : Date.parse(t.expiresAt) <= now ? 'expired' : 'active' })),
      linkFamilies,
    };
  }

  /**
   * Revokes one access token; 404 for an unknown id, 409 (saying when and by whom) when it was
   * revoked already; `authorise` sees its record first and throws to refuse (a committee's
   * secretariat revokes only tokens of its subtree).
   */
  async revokeToken(id: string, reasonInput: unknown, by: AdminActor, authorise?: (token: AccessTokenRecord) => Promise<void>): Promise<AccessTokenRecord> {
    const actor = actorLabel(by);
    const reason = parsed(RevocationReasonSchema, reasonInput, 'the revocation');
    const revoked = await withTransaction(this.pool, async (client) => {
      const before = await lockAccessToken(client, id);
      if (!before) throw new NotFoundError(`no access token has the id ${id}; \`cascade credentials\` (GET /api/credentials) lists them`);
      await authorise?.(before);
      if (before.revokedAt) {
        throw new ConflictError(`access token ${id} was already revoked at ${before.revokedAt} by ${before.revokedBy} (${before.reason})`, 'AlreadyRevoked');
      }
      const after = (await revokeAccessTokenRow(client, id, actor, reason)) as AccessTokenRecord;
      await recordOrgChange(client, actor, [{ action: 'token-revoke', unitId: after.unitId, before: { ...before }, after: { ...after } }]);
      await recordAdminAction(client, {
        action: 'token-revoke',
        target: id,
        scopeUnit: after.unitId,
        details: { subject: after.subject, role: after.role, unitId: after.unitId, reason },
        actor: by,
      });
      return after;
    });
    this.cached = null;
    return revoked;
  }

  /**
   * Revokes a family of emailed links of a unit: its report links in one directive (or in all,
   * without `directiveId`), or its inbox links. Links of the family minted until now are refused;
   * the next email or the inbox page brings fresh ones. Revoking it again moves the cut-off to now.
   */
  async revokeLinks(unitId: string, input: unknown, by: AdminActor): Promise<LinkFamilyRecord> {
    const actor = actorLabel(by);
    const body: LinkRevocation = parsed(LinkRevocationSchema, input, 'the revocation');
    if (body.directiveId !== undefined) {
      if (!(await snapshotUnitInfo(this.pool, body.directiveId, unitId))) throw new NotFoundError(`unit ${unitId} is not in directive ${body.directiveId}`);
    } else if (!(await directoryUnit(this.pool, unitId))) {
      throw new NotFoundError(`unit ${unitId} is not in the organisation directory`);
    }
    const family = { id: linkFamilyId(body.kind, unitId, body.directiveId), kind: body.kind, unitId, directiveId: body.directiveId ?? null };
    const revoked = await withTransaction(this.pool, async (client) => {
      const before = await linkFamily(client, family.id);
      const after = await revokeLinkFamilyRow(client, family, actor, body.reason);
      await recordOrgChange(client, actor, [{ action: 'links-revoke', unitId, before: before ? { ...before } : null, after: { ...after } }]);
      await recordAdminAction(client, {
        action: 'links-revoke',
        target: family.id,
        scopeUnit: unitId,
        details: { kind: family.kind, unitId, directiveId: family.directiveId, reason: body.reason, again: before !== null },
        actor: by,
      });
      return after;
    });
    this.cached = null;
    return revoked;
  }
}
