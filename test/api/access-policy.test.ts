// The access rules on their own, over a stub directory of ancestors: who may read, supervise and act for which unit.
import { AccessPolicy } from '../../src/http/auth/access-policy';
import type { Principal } from '../../src/http/auth/principal';
import { ForbiddenError } from '../../src/http/errors/http-errors';
import { NotFoundError } from '../../src/app/errors';
import type { DirectiveSummary } from '../../src/store/directory-queries';

// TW → QN → D1 → D1-C1, QN → D2 → D2-C1, in directive X only.
const ANCESTORS: Record<string, string[]> = {
  TW: [],
  QN: ['TW'],
  D1: ['QN', 'TW'],
  'D1-C1': ['D1', 'QN', 'TW'],
  D2: ['QN', 'TW'],
  'D2-C1': ['D2', 'QN', 'TW'],
};
const ROOTS: Record<string, string> = { X: 'TW', Y: 'QN', Z: 'D2' };
const policy = new AccessPolicy({
  ancestors: async (directiveId: string, unitId: string) => {
    const found = directiveId === 'X' ? ANCESTORS[unitId] : undefined;
    if (!found) throw new NotFoundError(`unit ${unitId} is not part of directive ${directiveId}`);
    return found;
  },
  // The directory holds the same tree.
  directoryAncestors: async (unitId: string) => {
    const found = ANCESTORS[unitId];
    if (!found) throw new NotFoundError(`unit ${unitId} is not in the organisation directory`);
    return found;
  },
  // X is national (rooted at TW); Y is the province's own (rooted at QN); Z one of a district (rooted at D2).
  directive: async (directiveId: string) => (ROOTS[directiveId] ? ({ id: directiveId, rootUnitId: ROOTS[directiveId] } as DirectiveSummary) : null),
  // No directive here is secret (test/api/secret-visibility.test.ts covers those).
  directiveSecrecy: async () => null,
});
const secretariat: Principal = { kind: 'secretariat', sub: 'vptw' };
const d1: Principal = { kind: 'supervisor', sub: 'bt-d1', unitId: 'D1' };
const cell: Principal = { kind: 'unit', sub: 'cb', unitId: 'D1-C1' };
const link: Principal = { kind: 'report-link', sub: 'link', directiveId: 'X', unitId: 'D1-C1', expiresAt: '2099-01-01T00:00:00Z' };

const allowed = (check: () => unknown) =>
  Promise.resolve()
    .then(check)
    .then(
      () => true,
      (err: unknown) => {
        if (err instanceof ForbiddenError) return false;
        throw err;
      },
    );

test('a supervisor reads its own committee and below, nothing beside or above it', async () => {
  expect(await policy.scope(d1, 'X', undefined)).toBe('D1');
  expect(await allowed(() => policy.scope(d1, 'X', 'D1-C1'))).toBe(true);
  expect(await allowed(() => policy.scope(d1, 'X', 'D2'))).toBe(false);
  expect(await allowed(() => policy.scope(d1, 'X', 'QN'))).toBe(false);
  expect(await allowed(() => policy.scope(d1, 'X', 'NOPE'))).toBe(false);
  expect(await allowed(() => policy.scope(d1, 'Y', undefined))).toBe(false);
  expect(await allowed(() => policy.readUnit(d1, 'X', 'D1'))).toBe(true);
  expect(await allowed(() => policy.readUnit(d1, 'X', 'D2-C1'))).toBe(false);
});

test('a supervisor extends and exempts only units strictly below it', async () => {
  expect(await allowed(() => policy.superviseUnit(d1, 'X', 'D1-C1'))).toBe(true);
  expect(await allowed(() => policy.superviseUnit(d1, 'X', 'D1'))).toBe(false);
  expect(await allowed(() => policy.superviseUnit(d1, 'X', 'D2-C1'))).toBe(false);
  expect(await allowed(() => policy.superviseUnit(cell, 'X', 'D1-C1'))).toBe(false);
  expect(await allowed(() => policy.superviseUnit(secretariat, 'X', 'QN'))).toBe(true);
});

test('units and report links act for themselves only; supervisors never report for them', async () => {
  expect(await allowed(() => policy.actAsUnit(cell, 'X', 'D1-C1'))).toBe(true);
  expect(await allowed(() => policy.actAsUnit(cell, 'X', 'D2-C1'))).toBe(false);
  expect(await allowed(() => policy.actAsUnit(link, 'X', 'D1-C1'))).toBe(true);
  expect(await allowed(() => policy.actAsUnit(link, 'Y', 'D1-C1'))).toBe(false);
  expect(await allowed(() => policy.actAsUnit(d1, 'X', 'D1-C1'))).toBe(false);
  expect(await allowed(() => policy.readTimeline(cell, 'X', 'D1-C1'))).toBe(false);
  expect(await allowed(() => policy.scope(link, 'X', 'D1-C1'))).toBe(false);
});

test('only the secretariat imports, launches and withdraws; directive lists follow the snapshot', async () => {
  expect(await allowed(() => policy.requireSecretariat(secretariat))).toBe(true);
  expect(await allowed(() => policy.requireSecretariat(d1))).toBe(false);
  const all = [{ id: 'X' }, { id: 'Y' }];
  expect(await policy.visibleDirectives(secretariat, all)).toEqual(all);
  expect(await policy.visibleDirectives(d1, all)).toEqual([{ id: 'X' }]);
  expect(await policy.visibleDirectives({ ...link, directiveId: 'Y' }, all)).toEqual([{ id: 'Y' }]);
});

test('the directory exports whole for the secretariat, a supervisor only its own subtree, and no one else', async () => {
  expect(await policy.directoryScope(secretariat, undefined)).toBeUndefined();
  expect(await policy.directoryScope(d1, undefined)).toBe('D1');
  expect(await policy.directoryScope(d1, 'D1-C1')).toBe('D1-C1');
  expect(await allowed(() => policy.directoryScope(d1, 'D2'))).toBe(false);
  expect(await allowed(() => policy.directoryScope(d1, 'QN'))).toBe(false);
  expect(await allowed(() => policy.directoryScope(d1, 'NOWHERE'))).toBe(false);
  expect(await allowed(() => policy.directoryScope(cell, 'D1-C1'))).toBe(false);
});

test('an inbox is read by its unit (token or inbox link), a supervisor above it in the directory and the secretariat; an inbox link grants nothing else', async () => {
  const inboxLink: Principal = { kind: 'inbox-link', sub: 'inbox', unitId: 'D1-C1', expiresAt: '2099-01-01T00:00:00Z' };
  expect(await allowed(() => policy.readInbox(cell, 'D1-C1'))).toBe(true);
  expect(await allowed(() => policy.readInbox(inboxLink, 'D1-C1'))).toBe(true);
  expect(await allowed(() => policy.readInbox(d1, 'D1'))).toBe(true);
  expect(await allowed(() => policy.readInbox(d1, 'D1-C1'))).toBe(true);
  expect(await allowed(() => policy.readInbox(secretariat, 'D2-C1'))).toBe(true);
  expect(await allowed(() => policy.readInbox(cell, 'D2-C1'))).toBe(false);
  expect(await allowed(() => policy.readInbox(inboxLink, 'D1'))).toBe(false);
  expect(await allowed(() => policy.readInbox(d1, 'D2-C1'))).toBe(false);
  expect(await allowed(() => policy.readInbox(d1, 'QN'))).toBe(false);
  expect(await allowed(() => policy.readInbox(d1, 'NOWHERE'))).toBe(false);
  // A report link opens its form, not the unit's inbox; an inbox link opens no form and no dashboard list.
  expect(await allowed(() => policy.readInbox(link, 'D1-C1'))).toBe(false);
  expect(await allowed(() => policy.actAsUnit(inboxLink, 'X', 'D1-C1'))).toBe(false);
  expect(await allowed(() => policy.readUnit(inboxLink, 'X', 'D1-C1'))).toBe(false);
  expect(await policy.visibleDirectives(inboxLink, [{ id: 'X' }])).toEqual([]);
});

test('an inspector reads exactly what a supervisor of its unit reads, and is refused every write by the one writer check', async () => {
  const inspector: Principal = { kind: 'inspector', sub: 'ubkt-d1', unitId: 'D1' };
  const asSupervisor = { ...inspector, kind: 'supervisor' } as Principal;
  const reads: Array<(p: Principal) => unknown> = [
    (p) => policy.scope(p, 'X', undefined),
    (p) => policy.scope(p, 'X', 'D1-C1'),
    (p) => policy.scope(p, 'X', 'D2'),
    (p) => policy.scope(p, 'X', 'QN'),
    (p) => policy.scope(p, 'Y', undefined),
    (p) => policy.readUnit(p, 'X', 'D1-C1'),
    (p) => policy.readUnit(p, 'X', 'D2-C1'),
    (p) => policy.readTimeline(p, 'X', 'D1-C1'),
    (p) => policy.readTimeline(p, 'X', 'QN'),
    (p) => policy.directoryScope(p, 'D1-C1'),
    (p) => policy.directoryScope(p, 'D2'),
    (p) => policy.readInbox(p, 'D1-C1'),
    (p) => policy.readInbox(p, 'QN'),
  ];
  for (const read of reads) expect(await allowed(() => read(inspector))).toBe(await allowed(() => read(asSupervisor)));
  expect(await policy.scope(inspector, 'X', undefined)).toBe('D1');
  expect(policy.effectiveScope(inspector, undefined)).toBe('D1');
  expect(await policy.visibleDirectives(inspector, [{ id: 'X' }, { id: 'Y' }])).toEqual([{ id: 'X' }]);

  await expect(Promise.resolve().then(() => policy.requireWriter(inspector))).rejects.toThrow(/inspectors only read/);
  for (const p of [secretariat, d1, cell, link]) expect(await allowed(() => policy.requireWriter(p))).toBe(true);
  expect(await allowed(() => policy.superviseUnit(inspector, 'X', 'D1-C1'))).toBe(false);
  expect(await allowed(() => policy.actAsUnit(inspector, 'X', 'D1'))).toBe(false);
  expect(await allowed(() => policy.setDigestPreference(inspector, 'D1'))).toBe(false);
  expect(await allowed(() => policy.requireSecretariat(inspector))).toBe(false);
});

test('a committee secretariat manages only its subtree: its own directives whole, others as a supervisor of its unit; the central one everywhere', async () => {
  const qn: Principal = { kind: 'secretariat', sub: 'vp-qn', unitId: 'QN' };
  const asSupervisor: Principal = { kind: 'supervisor', sub: 'vp-qn', unitId: 'QN' };
  // Targets: a directive rooted in the subtree (Y at QN, Z at D2), not the national X; units in the subtree; central-only work.
  const refusal = (check: () => unknown) =>
    Promise.resolve()
      .then(check)
      .then(
        () => '',
        (err: Error) => err.message,
      );
  expect(await allowed(() => policy.requireSecretariat(qn, { directive: 'Y', what: 'withdraw' }))).toBe(true);
  expect(await allowed(() => policy.requireSecretariat(qn, { directive: 'Z', what: 'withdraw' }))).toBe(true);
  expect(await refusal(() => policy.requireSecretariat(qn, { directive: 'X', what: 'withdraw' }))).toBe(
    'the secretariat of QN may withdraw only directives rooted at QN or under it; directive X is not (the central secretariat may)',
  );
  expect(await allowed(() => policy.requireSecretariat(qn, { directive: 'NEVER', what: 'withdraw' }))).toBe(false);
  expect(await allowed(() => policy.requireSecretariat(qn, { unit: 'QN', what: 'launch' }))).toBe(true);
  expect(await allowed(() => policy.requireSecretariat(qn, { unit: 'D1-C1', what: 'launch' }))).toBe(true);
  expect(await refusal(() => policy.requireSecretariat(qn, { unit: 'TW', what: 'launch directives' }))).toBe(
    'the secretariat of QN may launch directives only for QN and the units under it; TW is outside (the central secretariat may)',
  );
  expect(await allowed(() => policy.requireSecretariat(qn, { unit: 'QN', what: 'edit', strict: true }))).toBe(false);
  expect(await allowed(() => policy.requireSecretariat(qn, { unit: 'D1', what: 'edit', strict: true }))).toBe(true);
  expect(await allowed(() => policy.requireSecretariat(qn, { unit: 'NOWHERE', what: 'edit' }))).toBe(false);
  expect(await refusal(() => policy.requireSecretariat(qn, { central: 'apply the calendar files' }))).toBe(
    'only the central secretariat may apply the calendar files; the secretariat of QN manages only QN and the units under it',
  );
  expect(await refusal(() => policy.requireSecretariat(qn))).toBe('only the central secretariat may do this; the caller is the secretariat of QN');
  expect(await allowed(() => policy.requireSecretariat(qn, { subtree: 'list the credentials' }))).toBe(true);
  expect(policy.secretariatScope(qn)).toBe('QN');
  expect(await refusal(() => policy.requireSecretariat(d1, { subtree: 'list the credentials' }))).toBe(
    'only the secretariat may list the credentials; the caller is supervisor D1',
  );
  // The central secretariat passes every target, as before.
  for (const target of [{ directive: 'X', what: 'withdraw' }, { unit: 'TW', what: 'edit', strict: true }, { central: 'apply' }, { subtree: 'x' }]) {
    expect(await allowed(() => policy.requireSecretariat(secretariat, target))).toBe(true);
  }
  expect(policy.secretariatScope(secretariat)).toBeUndefined();

  // Reads: in the national X, exactly a supervisor of QN; its own Y and Z, whole.
  const reads: Array<(p: Principal) => unknown> = [
    (p) => policy.scope(p, 'X', undefined),
    (p) => policy.scope(p, 'X', 'D1-C1'),
    (p) => policy.scope(p, 'X', 'TW'),
    (p) => policy.readUnit(p, 'X', 'D2-C1'),
    (p) => policy.readUnit(p, 'X', 'TW'),
    (p) => policy.readTimeline(p, 'X', 'D1'),
    (p) => policy.directoryScope(p, 'D1'),
    (p) => policy.directoryScope(p, 'TW'),
    (p) => policy.readInbox(p, 'D2-C1'),
    (p) => policy.readInbox(p, 'TW'),
  ];
  for (const read of reads) expect(await allowed(() => read(qn))).toBe(await allowed(() => read(asSupervisor)));
  expect(await policy.scope(qn, 'X', undefined)).toBe('QN');
  expect(policy.effectiveScope(qn, undefined)).toBe('QN');
  const own: Principal = { ...qn };
  expect(await policy.scope(own, 'Z', undefined)).toBeUndefined();
  expect(policy.effectiveScope(own, undefined)).toBeUndefined();
  expect(await allowed(() => policy.readUnit(qn, 'Z', 'D2-C1'))).toBe(true);
  expect(await policy.visibleDirectives(qn, [{ id: 'X' }, { id: 'Y' }, { id: 'Z' }, { id: 'W' }])).toEqual([{ id: 'X' }, { id: 'Y' }, { id: 'Z' }]);
  // Extending and exempting: anywhere in its own directives, strictly below QN in others; it never reports for a unit.
  expect(await allowed(() => policy.superviseUnit(qn, 'Z', 'D2'))).toBe(true);
  expect(await allowed(() => policy.superviseUnit(qn, 'X', 'D1'))).toBe(true);
  expect(await allowed(() => policy.superviseUnit(qn, 'X', 'QN'))).toBe(false);
  expect(await allowed(() => policy.actAsUnit(qn, 'X', 'D1-C1'))).toBe(false);
  expect(await allowed(() => policy.setDigestPreference(qn, 'QN'))).toBe(true);
  expect(await allowed(() => policy.setDigestPreference(qn, 'D1'))).toBe(false);
});
