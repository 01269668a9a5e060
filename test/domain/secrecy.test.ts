// Secret directives in the spec: `secret` and `readers` checked field by field, readers against the
// organisation, and the opaque id a secret directive runs under.
import { DirectiveSpecError, validateDirectiveSpec } from '../../src/domain/directive/directive';
import { checkReadersAgainstOrg } from '../../src/domain/directive/secrecy';
import { requireValidOrg } from '../../src/domain/org/org';
import { secretDirectiveId } from '../../src/security/secret-directive-id';
import { SMALL_ORG } from '../engine/small-org';

const base = { code: '93-CT/TW', title: 'Mật', issuer: 'Huyện ủy 1', issuedOn: '2026-03-01', root: 'D1', deadlines: { cell: '30/09/2027' } };

function issuesOf(spec: Record<string, unknown>): Array<{ path: string; rule: string }> {
  try {
    validateDirectiveSpec(spec);
    return [];
  } catch (err) {
    if (!(err instanceof DirectiveSpecError)) throw err;
    return err.issues.map((i) => ({ path: i.path, rule: i.rule }));
  }
}

test('a spec is plain by default and a secret one keeps its readers', () => {
  // A plain spec reads as it always did: neither field is added to it.
  expect(validateDirectiveSpec(base)).not.toHaveProperty('secret');
  expect(validateDirectiveSpec(base)).not.toHaveProperty('readers');
  expect(validateDirectiveSpec({ ...base, secret: false })).toMatchObject({ secret: false });
  const readers = [{ role: 'secretariat' }, { role: 'inspector', unit: 'D1' }, { role: 'secretariat', unit: 'QN' }];
  expect(validateDirectiveSpec({ ...base, secret: true, readers })).toMatchObject({ secret: true, readers });
});

test('bad secrecy fields are refused naming the field and its index', () => {
  expect(issuesOf({ ...base, secret: 'yes' })).toEqual([{ path: 'secret', rule: 'schema' }]);
  expect(issuesOf({ ...base, secret: true })).toEqual([{ path: 'readers', rule: 'no-secretariat' }]);
  expect(issuesOf({ ...base, secret: true, readers: [{ role: 'inspector', unit: 'D1' }] })).toEqual([{ path: 'readers', rule: 'no-secretariat' }]);
  expect(issuesOf({ ...base, readers: [{ role: 'secretariat' }] })).toEqual([{ path: 'readers', rule: 'not-secret' }]);
  expect(issuesOf({ ...base, secret: true, readers: [{ role: 'secretariat' }, { role: 'inspector' }] })).toEqual([
    { path: 'readers[1].unit', rule: 'required' },
  ]);
  expect(issuesOf({ ...base, secret: true, readers: [{ role: 'secretariat' }, { role: 'boss', unit: 'D1' }] })).toEqual([
    { path: 'readers[1].role', rule: 'schema' },
  ]);
  expect(issuesOf({ ...base, secret: true, readers: [{ role: 'secretariat' }, { role: 'secretariat' }] })).toEqual([{ path: 'readers[1]', rule: 'duplicate' }]);
  expect(issuesOf({ ...base, secret: true, readers: [{ role: 'secretariat', unit: 'bad id' }] })).toEqual([{ path: 'readers[0].unit', rule: 'schema' }]);
  expect(issuesOf({ ...base, secret: true, readers: [{ role: 'secretariat', email: 'x@y' }] })).toEqual([{ path: 'readers[0].email', rule: 'unknown-field' }]);
  const many = Array.from({ length: 51 }, (_, i) => ({ role: 'inspector', unit: `U${i}` }));
  expect(issuesOf({ ...base, secret: true, readers: [{ role: 'secretariat' }, ...many] })).toContainEqual({ path: 'readers', rule: 'too-many' });
});

test('readers name units of the organisation, and an inspection commission one the directive reaches', () => {
  const tree = requireValidOrg(SMALL_ORG);
  const spec = (readers: Array<{ role: 'inspector' | 'secretariat'; unit?: string }>) => ({ secret: true, root: 'D1', readers });
  expect(
    checkReadersAgainstOrg(
      spec([
        { role: 'secretariat', unit: 'QN' },
        { role: 'inspector', unit: 'D1-C2' },
      ]),
      tree,
    ),
  ).toEqual([]);
  expect(checkReadersAgainstOrg(spec([{ role: 'secretariat', unit: 'XX' }]), tree).map((i) => [i.path, i.rule])).toEqual([['readers[0].unit', 'unknown-unit']]);
  const above = checkReadersAgainstOrg(spec([{ role: 'secretariat' }, { role: 'inspector', unit: 'QN' }]), tree);
  expect(above.map((i) => [i.path, i.rule])).toEqual([['readers[1].unit', 'not-reached']]);
  expect(above[0]?.message).toContain('the inspector of QN would see nothing');
});

test('the opaque id is deterministic per code, issue date and key, and shows neither', () => {
  const key = Buffer.alloc(32, 7).toString('base64');
  const id = secretDirectiveId('93-CT/TW', '2026-03-01', key);
  expect(id).toMatch(/^m-[0-9a-f]{20}$/);
  expect(secretDirectiveId(' 93-CT/TW ', '2026-03-01', key)).toBe(id);
  expect(secretDirectiveId('93-CT/TW', '2027-03-01', key)).not.toBe(id);
  expect(secretDirectiveId('94-CT/TW', '2026-03-01', key)).not.toBe(id);
  expect(secretDirectiveId('93-CT/TW', '2026-03-01', Buffer.alloc(32, 8).toString('base64'))).not.toBe(id);
});
