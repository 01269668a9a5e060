/**
 * Who may call what: every route of the app (API, dashboard and workplace pages, link pages) against
 * every role, as one table. test/api/route-access.test.ts calls each cell on real servers, and
 * docs/access.md is printed from this same table (`npm run docs:access`), so the documentation
 * cannot drift from what the server does.
 */

/** The callers, each with a concrete credential the test issues (units and directives of SMALL_ORG). */
export const ROLES = ['anonymous', 'unit', 'reportLink', 'inboxLink', 'supervisor', 'inspector', 'provinceSecretariat', 'centralSecretariat'] as const;
/** One caller of the table. */
export type Role = (typeof ROLES)[number];

/** How each role is named in the docs, and the credential it is tested with. */
export const ROLE_DOCS: Record<Role, { title: string; credential: string }> = {
  anonymous: { title: 'Anonymous', credential: 'no credential' },
  unit: { title: 'Unit', credential: 'the access token of cell D1-C1' },
  reportLink: { title: 'Report link', credential: 'the emailed report link of D1-C1 in the national directive' },
  inboxLink: { title: 'Inbox link', credential: 'the emailed inbox link of D1-C1' },
  supervisor: { title: 'Supervisor', credential: 'a supervisor of province QN' },
  inspector: { title: 'Inspector', credential: 'the inspection commission of QN' },
  provinceSecretariat: { title: 'Province secretariat', credential: 'the secretariat of QN (a committee’s secretariat)' },
  centralSecretariat: { title: 'Central secretariat', credential: 'the central secretariat' },
};

/** The directives the rows act on: launched by the central secretariat at TW, and by the province at QN. */
export type DirectiveRef = 'national' | 'provincial';

/** One route with one target, and the roles it lets through. */
export interface RouteAccess {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** The route as registered (`:name` parameters). */
  route: string;
  /** The parameters: `national`/`provincial` stand for those directives' ids; the rest are unit ids or literal values. */
  params?: Record<string, string>;
  query?: string;
  /** What the row targets, when the route's target decides (docs). */
  target?: string;
  /** Roles let through; `everyone` includes anonymous callers (public pages). */
  allowed: readonly Role[] | 'everyone';
  /**
   * The body sent. By default one that every schema refuses (a JSON array), so a caller let through
   * gets the route's 400 and nothing changes; a row whose route has no body to refuse targets
   * something that does not exist or cannot change instead.
   */
  body?: { json: unknown } | { form: string } | { text: string; type: string } | 'none';
}

const overseers: Role[] = ['supervisor', 'inspector', 'provinceSecretariat', 'centralSecretariat'];
const secretariats: Role[] = ['provinceSecretariat', 'centralSecretariat'];
const central: Role[] = ['centralSecretariat'];
const signedIn: Role[] = ROLES.filter((r) => r !== 'anonymous');
const N = { id: 'national' };
const unitOf = (id: DirectiveRef) => ({ id, unitId: 'D1-C1' });

/** The table: API routes first, then pages. */
export const ROUTE_ACCESS: readonly RouteAccess[] = [
  // The organisation directory.
  { method: 'POST', route: '/api/org', target: 'the whole directory', allowed: central, body: { text: '', type: 'text/csv' } },
  {
    method: 'POST',
    route: '/api/org',
    query: 'under=D1&mode=merge',
    target: 'the units under D1',
    allowed: secretariats,
    body: { text: '', type: 'text/csv' },
  },
  { method: 'GET', route: '/api/org/units', allowed: overseers },
  { method: 'POST', route: '/api/org/units', allowed: secretariats },
  { method: 'PATCH', route: '/api/org/units/:id', params: { id: 'D1' }, target: 'district D1', allowed: secretariats },
  { method: 'DELETE', route: '/api/org/units/:id', params: { id: 'D1' }, target: 'D1, which has units under it (409)', allowed: secretariats, body: 'none' },
  { method: 'GET', route: '/api/org/export', allowed: overseers },
  { method: 'GET', route: '/api/org/history', allowed: secretariats },
  // Credentials, people, sessions, logs.
  { method: 'POST', route: '/api/tokens', allowed: secretariats },
  { method: 'GET', route: '/api/credentials', allowed: secretariats },
  { method: 'POST', route: '/api/credentials/:id/revoke', params: { id: 'no-such-token-id' }, allowed: secretariats },
  { method: 'POST', route: '/api/units/:id/links/revoke', params: { id: 'D1-C1' }, allowed: secretariats },
  { method: 'GET', route: '/api/people', allowed: secretariats },
  { method: 'POST', route: '/api/people', allowed: secretariats },
  { method: 'POST', route: '/api/people/:id/disable', params: { id: 'no-such-person' }, allowed: secretariats },
  { method: 'GET', route: '/api/sessions', allowed: secretariats },
  { method: 'POST', route: '/api/sessions/:id/revoke', params: { id: 'no-such-session' }, allowed: secretariats },
  { method: 'GET', route: '/api/access-log', allowed: secretariats },
  { method: 'GET', route: '/api/secret-reads', allowed: central },
  { method: 'GET', route: '/api/audit', allowed: secretariats },
  // Directives as a whole.
  { method: 'POST', route: '/api/directives', allowed: secretariats },
  { method: 'POST', route: '/api/directives/preview', allowed: secretariats },
  { method: 'GET', route: '/api/directives', allowed: signedIn },
  { method: 'GET', route: '/api/directives/:id/rounds', params: N, allowed: overseers },
  { method: 'POST', route: '/api/directives/:id/withdraw', params: N, target: 'the national directive', allowed: central },
  { method: 'POST', route: '/api/directives/:id/withdraw', params: { id: 'provincial' }, target: 'the province’s directive', allowed: secretariats },
  { method: 'GET', route: '/api/directives/:id/quarantine', params: N, target: 'the national directive', allowed: central },
  { method: 'GET', route: '/api/directives/:id/quarantine', params: { id: 'provincial' }, target: 'the province’s directive', allowed: secretariats },
  { method: 'POST', route: '/api/reorganisations', allowed: secretariats },
  { method: 'GET', route: '/api/reorganisations', allowed: central },
  { method: 'POST', route: '/api/reorganisations/:id/cancel', params: { id: 'reorg-0123456789abcdef0123' }, allowed: central },
  { method: 'GET', route: '/api/calendar/:year', params: { year: '2026' }, allowed: signedIn },
  { method: 'POST', route: '/api/calendar/apply', allowed: central },
  // Supervision of a directive.
  { method: 'GET', route: '/api/directives/:id/rollup', params: N, allowed: overseers },
  { method: 'GET', route: '/api/directives/:id/progress', params: N, allowed: overseers },
  { method: 'GET', route: '/api/directives/:id/committees/:unitId', params: { id: 'national', unitId: 'D1' }, allowed: overseers },
  { method: 'GET', route: '/api/directives/:id/units', params: N, allowed: overseers },
  { method: 'GET', route: '/api/directives/:id/units/:unitId', params: unitOf('national'), allowed: ['unit', 'reportLink', ...overseers] },
  { method: 'GET', route: '/api/directives/:id/units/:unitId/timeline', params: unitOf('national'), allowed: overseers },
  { method: 'POST', route: '/api/directives/:id/units/:unitId/extend', params: unitOf('national'), allowed: ['supervisor', ...secretariats] },
  { method: 'POST', route: '/api/directives/:id/units/:unitId/exempt', params: unitOf('national'), allowed: ['supervisor', ...secretariats] },
  { method: 'GET', route: '/api/directives/:id/export.csv', params: N, allowed: overseers },
  { method: 'GET', route: '/api/directives/:id/report', params: N, query: 'format=markdown', allowed: overseers },
  // A unit's own acts.
  { method: 'POST', route: '/api/directives/:id/units/:unitId/report', params: unitOf('national'), allowed: ['unit', 'reportLink', 'centralSecretariat'] },
  { method: 'POST', route: '/api/directives/:id/units/:unitId/correct', params: unitOf('national'), allowed: ['unit', 'reportLink', 'centralSecretariat'] },
  { method: 'POST', route: '/api/directives/:id/units/:unitId/acknowledge', params: unitOf('national'), allowed: ['unit', 'reportLink', 'centralSecretariat'] },
  {
    method: 'POST',
    route: '/api/directives/:id/units/:unitId/attachments',
    params: unitOf('national'),
    target: 'a file for D1-C1’s report',
    allowed: ['unit', 'reportLink', 'centralSecretariat'],
  },
  { method: 'GET', route: '/api/directives/:id/units/:unitId/attachments', params: unitOf('national'), allowed: ['unit', 'reportLink', ...overseers] },
  {
    method: 'GET',
    route: '/api/directives/:id/units/:unitId/attachments/:attachmentId',
    params: { ...unitOf('national'), attachmentId: '987654321' },
    target: 'an attachment D1-C1 does not have (404)',
    allowed: ['unit', 'reportLink', ...overseers],
  },
  { method: 'GET', route: '/api/units/:id/inbox', params: { id: 'D1-C1' }, allowed: ['unit', 'inboxLink', ...overseers] },
  { method: 'POST', route: '/api/units/:id/digest', params: { id: 'D1-C1' }, allowed: ['unit', 'inboxLink', 'centralSecretariat'] },
  { method: 'GET', route: '/api/digest/opt-outs', allowed: secretariats },
  // Dashboard and workplace pages (the credential as the `?token=` sign-in, which becomes the session cookie).
  { method: 'GET', route: '/dashboard', allowed: overseers },
  { method: 'GET', route: '/dashboard/:directiveId', params: { directiveId: 'national' }, allowed: overseers },
  { method: 'GET', route: '/dashboard/:directiveId/units/:unitId', params: { directiveId: 'national', unitId: 'D1-C1' }, allowed: overseers },
  { method: 'GET', route: '/dashboard/:directiveId/quarantine', params: { directiveId: 'national' }, target: 'the national directive', allowed: central },
  {
    method: 'GET',
    route: '/dashboard/:directiveId/quarantine',
    params: { directiveId: 'provincial' },
    target: 'the province’s directive',
    allowed: secretariats,
  },
  { method: 'GET', route: '/dashboard/credentials', allowed: secretariats },
  { method: 'GET', route: '/workplace/launch', allowed: secretariats },
  { method: 'POST', route: '/workplace/launch/preview', allowed: secretariats },
  { method: 'GET', route: '/workplace/organisation', allowed: secretariats },
  { method: 'GET', route: '/workplace/people', allowed: secretariats },
  { method: 'GET', route: '/workplace/audit', allowed: secretariats },
  // Pages opened by an emailed link: the credential is the link's token in the path.
  { method: 'GET', route: '/report/:token', allowed: ['reportLink'] },
  { method: 'POST', route: '/report/:token', allowed: ['reportLink'], body: { form: 'attendees=x' } },
  { method: 'GET', route: '/report/:token/confirmation', allowed: ['reportLink'] },
  { method: 'GET', route: '/inbox/:token', allowed: ['inboxLink'] },
  { method: 'POST', route: '/inbox/:token/digest', allowed: ['inboxLink'], body: { form: 'optOut=false' } },
  { method: 'GET', route: '/sign-in/:token', target: 'opened by an emailed sign-in link, which none of these holds', allowed: [] },
  { method: 'POST', route: '/sign-in/:token', target: 'opened by an emailed sign-in link, which none of these holds', allowed: [], body: 'none' },
  // Public: signing in, health, the API's description, the pages' assets.
  { method: 'GET', route: '/sign-in', allowed: 'everyone' },
  { method: 'POST', route: '/sign-in', allowed: 'everyone', body: { form: 'email=nobody%40cascade.test' } },
  { method: 'POST', route: '/sign-out', allowed: 'everyone', body: 'none' },
  { method: 'GET', route: '/', allowed: 'everyone' },
  { method: 'GET', route: '/healthz', allowed: 'everyone' },
  { method: 'GET', route: '/openapi.json', allowed: 'everyone' },
  { method: 'GET', route: '/assets/:name', params: { name: 'dashboard.css' }, allowed: 'everyone' },
];

/** Whether `role` is let through on `row`. */
export function allows(row: RouteAccess, role: Role): boolean {
  return row.allowed === 'everyone' || row.allowed.includes(role);
}

/** The table as the Markdown of docs/access.md. */
export function accessMatrixMarkdown(): string {
  const header = `| Route | ${ROLES.map((r) => ROLE_DOCS[r].title).join(' | ')} |`;
  const rule = `|---|${ROLES.map(() => ':-:').join('|')}|`;
  const rows = ROUTE_ACCESS.map((row) => {
    const name = `\`${row.method} ${row.route}${row.query ? `?${row.query}` : ''}\`${row.target ? ` (${row.target})` : ''}`;
    return `| ${name} | ${ROLES.map((r) => (allows(row, r) ? '✓' : '–')).join(' | ')} |`;
  });
  const legend = ROLES.map((r) => `- **${ROLE_DOCS[r].title}**: ${ROLE_DOCS[r].credential}.`);
  return [
    '# Who may call what',
    '',
    '<!-- Printed by `npm run docs:access` from test/api/route-access-table.ts; test/api/route-access.test.ts calls every cell on real servers and fails when this file differs. -->',
    '',
    'Every route of the server against every role: ✓ the role is let through (the route then checks',
    'its input), – it is refused (401 without a credential, 403 with one that does not reach; a secret',
    'directive answers 404 to those it is hidden from, tested apart). The roles, and the credential each is',
    'tested with, in the organisation of province QN (districts D1–D3, cells under them):',
    '',
    ...legend,
    '',
    'A committee’s secretariat manages the directives rooted at its unit or under it (the *province’s',
    'directive* rows) and reads the others like a supervisor of its unit; people signed in by email hold',
    'the same roles through their session.',
    '',
    header,
    rule,
    ...rows,
    '',
  ].join('\n');
}
