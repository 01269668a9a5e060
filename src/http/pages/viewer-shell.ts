/** What every dashboard page puts in its shell for the viewer: the CSRF token its forms send, and, for a person signed in by email, who they are. */
import { csrfTokenFor } from '../auth/csrf';
import type { Principal } from '../auth/principal';
import type { PageDeps } from './page-kit';
import type { Viewer } from './views/layout';

/** `{ csrfToken?, viewer? }` for `page()`: the header then names the person and offers sign-out. */
export function viewerShell(deps: Pick<PageDeps, 'secrets'>, p: Principal): { csrfToken?: string; viewer?: Viewer } {
  const csrfToken = csrfTokenFor(p, deps.secrets.tokenSecret) ?? undefined;
  if (p.kind === 'unit' || p.kind === 'report-link' || p.kind === 'inbox-link' || !p.person) return csrfToken ? { csrfToken } : {};
  const unitId = 'unitId' in p ? p.unitId : undefined;
  return { ...(csrfToken ? { csrfToken } : {}), viewer: { name: p.person.name, role: p.kind, ...(unitId ? { unitId } : {}) } };
}
