import { linkFamilyId, RevocationList } from '../../src/security/revocation-list';

const AT = '2026-05-12T03:00:00.000Z';
const list = new RevocationList([
  { id: 'tok-revoked-1', revokedAt: AT },
  { id: linkFamilyId('report', 'D1-C1', '46-CT-TW'), revokedAt: AT },
  { id: linkFamilyId('report', 'D2-C1'), revokedAt: AT },
  { id: linkFamilyId('inbox', 'D3-C1'), revokedAt: AT },
]);
const before = '2026-05-12T02:59:59.999Z';
const after = '2026-05-12T03:00:00.001Z';

test('a revoked token answers when; any other stands', () => {
  expect(list.token('tok-revoked-1')).toBe(AT);
  expect(list.token('tok-standing-1')).toBeNull();
});

test('a link of a revoked family minted up to the revocation instant is refused, one minted after it stands', () => {
  expect(list.link('report', 'D1-C1', '46-CT-TW', before)).toBe(AT);
  expect(list.link('report', 'D1-C1', '46-CT-TW', AT)).toBe(AT);
  expect(list.link('report', 'D1-C1', '46-CT-TW', after)).toBeNull();
  // Minted before links carried an instant: older than any revocation.
  expect(list.link('report', 'D1-C1', '46-CT-TW', undefined)).toBe(AT);
});

test('families are apart: another directive, the other kind of link and another unit stand; the all-directives family covers every directive', () => {
  expect(list.link('report', 'D1-C1', '47-CT-TW', before)).toBeNull();
  expect(list.link('inbox', 'D1-C1', undefined, before)).toBeNull();
  expect(list.link('report', 'D3-C1', '46-CT-TW', before)).toBeNull();
  expect(list.link('inbox', 'D3-C1', undefined, before)).toBe(AT);
  expect(list.link('report', 'D2-C1', '46-CT-TW', before)).toBe(AT);
  expect(list.link('report', 'D2-C1', '47-CT-TW', before)).toBe(AT);
});
