import { inboxLinkFor, signInboxToken, verifyInboxToken } from '../../src/security/inbox-link';
import { signReportToken, verifyReportToken } from '../../src/security/report-link';
import { LINK_SECRET } from './fixtures';

const DAY_MS = 86_400_000;
const GRANT = { unitId: 'QN-HL', expiresAt: '2021-11-29T03:00:00.000Z' };
const EXPIRES_MS = Date.parse(GRANT.expiresAt);

describe('inbox link tokens', () => {
  test('a signed token is URL-safe and verifies to the same grant until its expiry instant', () => {
    const token = signInboxToken(GRANT, LINK_SECRET);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(verifyInboxToken(token, LINK_SECRET, EXPIRES_MS)).toEqual({ ok: true, ...GRANT });
    expect(verifyInboxToken(token, LINK_SECRET, EXPIRES_MS + 1)).toEqual({ ok: false, reason: 'expired' });
  });

  test('a payload edited to name another unit or a later expiry is refused', () => {
    const [, signature] = signInboxToken(GRANT, LINK_SECRET).split('.');
    const other = Buffer.from(JSON.stringify({ u: 'QN', e: EXPIRES_MS }), 'utf8').toString('base64url');
    const later = Buffer.from(JSON.stringify({ u: GRANT.unitId, e: EXPIRES_MS + 365 * DAY_MS }), 'utf8').toString('base64url');
    expect(verifyInboxToken(`${other}.${signature}`, LINK_SECRET, 0)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyInboxToken(`${later}.${signature}`, LINK_SECRET, 0)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  test('neither kind of link passes as the other, though both are signed with the same key', () => {
    const report = signReportToken({ directiveId: '01-CT-TW-2021', unitId: 'QN-HL', expiresAt: GRANT.expiresAt }, LINK_SECRET);
    expect(verifyInboxToken(report, LINK_SECRET, 0)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyReportToken(signInboxToken(GRANT, LINK_SECRET), LINK_SECRET, 0)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  test('a token signed with another secret is refused, a garbled one is malformed', () => {
    expect(verifyInboxToken(signInboxToken(GRANT, 'another-secret-that-is-also-long-enough-0123456789'), LINK_SECRET, 0)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    for (const token of ['', 'abc', 'a.b.c', 'ab cd.ef']) expect(verifyInboxToken(token, LINK_SECRET, 0)).toEqual({ ok: false, reason: 'malformed' });
  });

  test('inboxLinkFor builds the inbox URL, expires it ttlDays after the sending and carries the sending as its minting', () => {
    const link = inboxLinkFor('http://cascade.test/', 'QN-HL', '2021-09-30T03:00:00.000Z', LINK_SECRET, 60);
    const token = /^http:\/\/cascade\.test\/inbox\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(link)?.[1] ?? '';
    expect(verifyInboxToken(token, LINK_SECRET, 0)).toEqual({ ok: true, ...GRANT, issuedAt: '2021-09-30T03:00:00.000Z' });
    expect(() => inboxLinkFor('http://cascade.test', 'QN-HL', '2021-09-30T03:00:00.000Z', LINK_SECRET, 0)).toThrow(/ttlDays must be a number of days > 0/);
    expect(() => signInboxToken(GRANT, 'short')).toThrow(/LINK_SIGNING_SECRET must be at least 32 bytes/);
  });
});
