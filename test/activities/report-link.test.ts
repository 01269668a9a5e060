import { reportLinkFor, signReportToken, verifyReportToken } from '../../src/security/report-link';
import { LINK_SECRET } from './fixtures';

const GRANT = { directiveId: '01-CT-TW-2021', unitId: 'QN-HL-017', expiresAt: '2021-10-30T16:59:59.999Z' };
const EXPIRES_MS = Date.parse(GRANT.expiresAt);

function swapLastChar(text: string): string {
  return text.slice(0, -1) + (text.endsWith('A') ? 'B' : 'A');
}

describe('report link tokens', () => {
  test('a signed token is URL-safe and verifies to the same grant', () => {
    const token = signReportToken(GRANT, LINK_SECRET);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(verifyReportToken(token, LINK_SECRET, EXPIRES_MS - 1)).toEqual({ ok: true, ...GRANT });
  });

  test('a token is still valid at its expiry instant and expired one millisecond later', () => {
    const token = signReportToken(GRANT, LINK_SECRET);
    expect(verifyReportToken(token, LINK_SECRET, EXPIRES_MS)).toMatchObject({ ok: true });
    expect(verifyReportToken(token, LINK_SECRET, EXPIRES_MS + 1)).toEqual({ ok: false, reason: 'expired' });
  });

  test('a payload edited to name another unit is refused', () => {
    const [, signature] = signReportToken(GRANT, LINK_SECRET).split('.');
    const forged = Buffer.from(JSON.stringify({ d: GRANT.directiveId, u: 'QN-HL-018', e: EXPIRES_MS }), 'utf8').toString('base64url');
    expect(verifyReportToken(`${forged}.${signature}`, LINK_SECRET, 0)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  test('an extended expiry is refused', () => {
    const [, signature] = signReportToken(GRANT, LINK_SECRET).split('.');
    const later = Buffer.from(JSON.stringify({ d: GRANT.directiveId, u: GRANT.unitId, e: EXPIRES_MS + 365 * 86_400_000 }), 'utf8').toString('base64url');
    expect(verifyReportToken(`${later}.${signature}`, LINK_SECRET, 0)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  test('any change to the signature is refused, even one that decodes to the same bytes', () => {
    const token = signReportToken(GRANT, LINK_SECRET);
    expect(verifyReportToken(swapLastChar(token), LINK_SECRET, 0)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyReportToken(token.slice(0, -2), LINK_SECRET, 0)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  test('a token signed with another secret is refused', () => {
    const token = signReportToken(GRANT, 'another-secret-that-is-also-long-enough-0123456789');
    expect(verifyReportToken(token, LINK_SECRET, 0)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  test.each(['', 'abc', 'a.b.c', 'abc.', '.abc', 'ab%2F.cd', 'ab cd.ef'])('%j is malformed', (token) => {
    expect(verifyReportToken(token, LINK_SECRET, 0)).toEqual({ ok: false, reason: 'malformed' });
  });

  test('a secret shorter than 32 bytes is refused with directions', () => {
    expect(() => signReportToken(GRANT, 'short')).toThrow(/LINK_SIGNING_SECRET must be at least 32 bytes \(got 5\).*openssl rand -base64 48/);
    expect(() => verifyReportToken('a.b', 'x'.repeat(31))).toThrow(/LINK_SIGNING_SECRET/);
  });

  test('reportLinkFor builds the report URL, expires it ttlDays after the deadline and carries when it was minted', () => {
    const issuedAt = '2021-09-01T02:00:00.000Z';
    const link = reportLinkFor('http://cascade.test/', GRANT.directiveId, GRANT.unitId, '2021-09-30T16:59:59.999Z', LINK_SECRET, 30, issuedAt);
    const match = /^http:\/\/cascade\.test\/report\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(link);
    expect(match).not.toBeNull();
    expect(verifyReportToken(match?.[1] ?? '', LINK_SECRET, 0)).toEqual({ ok: true, ...GRANT, issuedAt });
  });
});
