/**
 * The administration audit trail, listed: what the secretariat (central, or a committee's for its
 * subtree) reads with GET /api/audit and `cascade audit`. Recording happens where each action is
 * done (src/store/admin-audit.ts), in its transaction or right after its Temporal start or signal.
 */
import type { Pool } from 'pg';
import { z } from 'zod';
import { ADMIN_ACTIONS, describeActor } from '../domain/audit/admin-actor';
import { flattenZodError, singleLineText } from '../domain/text/fields';
import { listAdminAudit, type AdminAuditEntry } from '../store/admin-audit';
import { InputError } from './errors';

/** Most entries one listing returns. */
const MAX_LISTING = 1_000;
const LIMIT_ERROR = `limit must be a whole number between 1 and ${MAX_LISTING}`;

/** An entry as listed: with the actor in words, a declared one labelled "not verified". */
export interface AdminAuditListing extends AdminAuditEntry {
  actorDescription: { vi: string; en: string };
}

/** What a listing asks for: one action, one actor (subject or credential id), the newest `limit` (default 200). */
const AdminAuditQuerySchema = z.strictObject({
  action: z.enum(ADMIN_ACTIONS, { error: `action must be one of ${ADMIN_ACTIONS.join(', ')}` }).optional(),
  actor: singleLineText('actor', 300).optional(),
  limit: z.int({ error: LIMIT_ERROR }).min(1, { error: LIMIT_ERROR }).max(MAX_LISTING, { error: LIMIT_ERROR }).default(200),
});

/**
 * The trail, newest first, filtered by `query` ({ action?, actor?, limit? }); `within` a unit: only
 * the actions that touched its subtree (a committee secretariat's view), else all.
 */
export async function adminAuditListing(pool: Pool, query: unknown, within: string | undefined): Promise<AdminAuditListing[]> {
  const parsed = AdminAuditQuerySchema.safeParse(query ?? {});
  if (!parsed.success) {
    const issues = flattenZodError(parsed.error);
    throw new InputError(`the audit filter: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`, issues);
  }
  const { action, actor, limit } = parsed.data;
  const entries = await listAdminAudit(pool, {
    ...(within === undefined ? {} : { within }),
    ...(action ? { action } : {}),
    ...(actor ? { actor } : {}),
    limit,
  });
  return entries.map((e) => ({ ...e, actorDescription: { vi: describeActor(e.actor, 'vi'), en: describeActor(e.actor, 'en') } }));
}
