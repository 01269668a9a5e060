// The access rules on their own, over a stub directory of ancestors: who may read, supervise and act for which unit.
import { AccessPolicy } from '../../src/http/auth/access-policy';
import type { Principal } from '../../src/http/auth/principal';
import { ForbiddenError } from '../../src/http/errors/http-errors';
import { NotFoundError } from '../../src/app/errors';

// TW → QN → D1 → D1-C1, QN → D2 → D2-C1, in directive X only.
const ANCESTORS: Record<string, string[]> = {
  TW: [],
  QN: ['TW'],
  D1: ['QN', 'TW'],
  'D1-C1': ['D1', 'QN', 'TW'],
  D2: ['QN', 'TW'],
  'D2-C1': ['D2', 'QN', 'TW'],
};
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
