// Who sees a secret directive, by the access policy alone over a stub directory: the units it
// reaches (tokens, report and inbox links, supervisors), the readers named at launch, nobody else;
// hidden ones (and unknown ids) are a 404, never a 403.
import { AccessPolicy } from '../../src/http/auth/access-policy';
import type { Principal } from '../../src/http/auth/principal';
import { NotFoundError } from '../../src/app/errors';
import type { DirectiveSecrecy } from '../../src/app/secret-reads';

// Directive S (secret) goes from D1 to D1-C1; P (plain) from QN down. QN's inspector and supervisor are above S.
const ANCESTORS: Record<string, Record<string, string[]>> = {
  S: { D1: [], 'D1-C1': ['D1'] },
  P: { QN: [], D1: ['QN'], 'D1-C1': ['D1', 'QN'], D2: ['QN'] },
};
const SECRECY: Record<string, DirectiveSecrecy> = {
  S: { secret: true, readers: [{ role: 'secretariat' }, { role: 'inspector', unit: 'D1' }, { role: 'secretariat', unit: 'QN' }] },
  P: { secret: false, readers: [] },
};
const policy = new AccessPolicy({
  ancestors: async (directiveId: string, unitId: string) => {
    const found = ANCESTORS[directiveId]?.[unitId];
    if (!found) throw new NotFoundError(`unit ${unitId} is not part of directive ${directiveId}`);
    return found;
  },
  directoryAncestors: async () => [],
  directiveSecrecy: async (directiveId: string) => SECRECY[directiveId] ?? null,
} as unknown as ConstructorParameters<typeof AccessPolicy>[0]);

const who: Record<string, Principal> = {
  central: { kind: 'secretariat', sub: 'vptw' },
  // A committee's secretariat (its unit on the principal).
  qnSecretariat: { kind: 'secretariat', sub: 'vp-qn', unitId: 'QN' } as Principal,
  d2Secretariat: { kind: 'secretariat', sub: 'vp-d2', unitId: 'D2' } as Principal,
  supervisorD1: { kind: 'supervisor', sub: 'bt-d1', unitId: 'D1' },
  supervisorQN: { kind: 'supervisor', sub: 'bt-qn', unitId: 'QN' },
  inspectorD1: { kind: 'inspector', sub: 'ubkt-d1', unitId: 'D1' },
  inspectorQN: { kind: 'inspector', sub: 'ubkt-qn', unitId: 'QN' },
  cell: { kind: 'unit', sub: 'cb', unitId: 'D1-C1' },
  otherCell: { kind: 'unit', sub: 'cb2', unitId: 'D2' },
  link: { kind: 'report-link', sub: 'link', directiveId: 'S', unitId: 'D1-C1', expiresAt: '2099-01-01T00:00:00Z' },
  otherLink: { kind: 'report-link', sub: 'link', directiveId: 'P', unitId: 'D1-C1', expiresAt: '2099-01-01T00:00:00Z' },
  inbox: { kind: 'inbox-link', sub: 'inbox', unitId: 'D1-C1', expiresAt: '2099-01-01T00:00:00Z' },
};

const sees = (p: Principal, directiveId: string) =>
  policy.requireDirectiveVisible(p, directiveId).then(
    () => true,
    (err: unknown) => {
      if (err instanceof NotFoundError) return false;
      throw err;
    },
  );

test('a secret directive is seen by the units it reaches and the readers named, and is a 404 for everyone else', async () => {
  const seen = Object.fromEntries(await Promise.all(Object.entries(who).map(async ([name, p]) => [name, await sees(p, 'S')] as const)));
  expect(seen).toEqual({
    central: true,
    qnSecretariat: true,
    d2Secretariat: false,
    supervisorD1: true,
    supervisorQN: false,
    inspectorD1: true,
    inspectorQN: false,
    cell: true,
    otherCell: false,
    link: true,
    otherLink: false,
    inbox: true,
  });
});

test('a plain directive is not hidden from anyone, and an id never launched is a 404 for everyone', async () => {
  for (const p of Object.values(who)) {
    expect(await sees(p, 'P')).toBe(true);
    expect(await sees(p, 'NEVER')).toBe(false);
  }
});

test('lists leave out what is hidden and keep the rest in order', async () => {
  const list = [{ id: 'S' }, { id: 'P' }];
  expect(await policy.withoutHiddenSecrets(who.supervisorQN as Principal, list, (d) => d.id)).toEqual([{ id: 'P' }]);
  expect(await policy.withoutHiddenSecrets(who.inspectorD1 as Principal, list, (d) => d.id)).toEqual(list);
  expect((await policy.visibleDirectives(who.central as Principal, list)).map((d) => d.id)).toEqual(['S', 'P']);
  expect((await policy.visibleDirectives(who.d2Secretariat as Principal, list)).map((d) => d.id)).not.toContain('S');
});
