/**
 * Who did an administrative action. A credential proves it: an access token, a signed-in session
 * or an emailed link, by its id. The CLI has no credential: it writes to the database directly, so
 * its `--actor` is what the person declared, recorded as such and labelled "not verified" wherever
 * the trail is shown.
 */

/** The administrative actions the trail records. */
export const ADMIN_ACTIONS = [
  'launch',
  'withdraw',
  'org-import',
  'org-add',
  'org-update',
  'org-remove',
  'reorganise',
  'calendar-apply',
  'token-issue',
  'token-revoke',
  'links-revoke',
  'session-issue',
  'session-revoke',
  'person-invite',
  'person-disable',
] as const;

/** One of ADMIN_ACTIONS. */
export type AdminAction = (typeof ADMIN_ACTIONS)[number];

/** The actor of an action: proven by a credential (its id), or declared (nothing verified it). */
export type AdminActor =
  | { kind: 'token' | 'session' | 'link'; credentialId: string; sub: string; role: string | null; unitId: string | null }
  | { kind: 'declared'; sub: string; role: string | null; unitId: string | null };

/** A caller's actor: an AdminActor as given, or a bare name (a program's, a script's, a test's) taken as declared. */
export function asAdminActor(actor: string | AdminActor): AdminActor {
  return typeof actor === 'string' ? declaredActor(actor) : actor;
}

/** The label the older records write: a bare name as given, or the actor's label (`api:SUB`, `cli:NAME`). */
export function recordedLabel(actor: string | AdminActor): string {
  return typeof actor === 'string' ? actor : actorLabel(actor);
}

/** The actor the CLI (or the start script) names: free text, recorded as declared. */
export function declaredActor(name: string): AdminActor {
  return { kind: 'declared', sub: name, role: null, unitId: null };
}

/**
 * The actor as the older, per-directive and directory records write it: `api:SUB` for a credential,
 * `cli:NAME` for a declared one (unchanged, so those records read as before).
 */
export function actorLabel(actor: AdminActor): string {
  return actor.kind === 'declared' ? `cli:${actor.sub}` : `api:${actor.sub}`;
}

/** The words the trail shows beside a declared actor. */
export const DECLARED_LABEL = { vi: 'khai báo qua CLI (không xác thực)', en: 'declared on the CLI, not verified' } as const;

/** One line for people: who, in which role and unit, and by which credential (or that nothing verified it). */
export function describeActor(actor: AdminActor, lang: 'vi' | 'en'): string {
  if (actor.kind === 'declared') return `${actor.sub} — ${DECLARED_LABEL[lang]}`;
  const role = actor.role ? ` (${actor.role}${actor.unitId ? ` ${actor.unitId}` : ''})` : '';
  const credential = { token: { vi: 'mã truy cập', en: 'token' }, session: { vi: 'phiên đăng nhập', en: 'session' }, link: { vi: 'liên kết', en: 'link' } }[
    actor.kind
  ][lang];
  return `${actor.sub}${role}, ${credential} ${actor.credentialId}`;
}
