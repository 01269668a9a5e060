/** The proven actor of a request: the credential that authenticated it, for the administration audit trail. */
import type { AdminActor } from '../../domain/audit/admin-actor';
import { linkFamilyId } from '../../security/revocation-list';
import type { Principal } from './principal';

/**
 * Who the caller is, as its credential proves it: a token's or session's id, or a link's family
 * (links carry no id of their own), with the subject, role and unit the credential names.
 */
export function actorOf(p: Principal): AdminActor {
  if (p.kind === 'report-link' || p.kind === 'inbox-link') {
    const family = p.kind === 'report-link' ? linkFamilyId('report', p.unitId, p.directiveId) : linkFamilyId('inbox', p.unitId);
    return { kind: 'link', credentialId: p.issuedAt ? `${family}@${p.issuedAt}` : family, sub: p.sub, role: p.kind, unitId: p.unitId };
  }
  const unitId = 'unitId' in p && typeof p.unitId === 'string' ? p.unitId : null;
  if ('sessionId' in p && p.sessionId !== undefined) return { kind: 'session', credentialId: p.sessionId, sub: p.sub, role: p.kind, unitId };
  // Tokens without an id are refused before any route runs (src/http/auth/revocation-check.ts).
  return { kind: 'token', credentialId: p.tokenId ?? 'unrecorded', sub: p.sub, role: p.kind, unitId };
}
