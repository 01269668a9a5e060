// Access tokens: signed claims that survive a round trip, and every way a token can be refused.
import { issueAccessToken, verifyAccessToken } from '../../src/security/access-token';
import { signReportToken } from '../../src/security/report-link';
import { TEST_TOKEN_SECRET } from './api-fixtures';

const NOW = Date.parse('2026-05-01T00:00:00Z');

test('a token round-trips its claims, with a fresh id of its own, until it expires', () => {
  const token = issueAccessToken({ sub: 'bt-qn', role: 'supervisor', unitId: 'QN' }, TEST_TOKEN_SECRET, { ttlSeconds: 60, now: NOW });
  const check = verifyAccessToken(token, TEST_TOKEN_SECRET, NOW + 59_000);
  expect(check).toEqual({
    ok: true,
    claims: { jti: expect.stringMatching(/^[0-9a-f-]{36}$/), sub: 'bt-qn', role: 'supervisor', unitId: 'QN', exp: NOW / 1000 + 60 },
  });
  const again = verifyAccessToken(
    issueAccessToken({ sub: 'bt-qn', role: 'supervisor', unitId: 'QN' }, TEST_TOKEN_SECRET, { ttlSeconds: 60, now: NOW }),
    TEST_TOKEN_SECRET,
    NOW,
  );
  expect(again.ok && check.ok && again.claims.jti !== check.claims.jti).toBe(true);
  expect(verifyAccessToken(token, TEST_TOKEN_SECRET, NOW + 60_000)).toEqual({ ok: false, reason: 'expired' });
});

test('an edited payload, a foreign key or an edited MAC is refused', () => {
  const token = issueAccessToken({ sub: 'unit', role: 'unit', unitId: 'D1-C1' }, TEST_TOKEN_SECRET, { ttlSeconds: 60, now: NOW });
  const [payload, mac] = token.split('.') as [string, string];
  const forged = Buffer.from(JSON.stringify({ sub: 'unit', role: 'secretariat', exp: NOW / 1000 + 60 })).toString('base64url');
  expect(verifyAccessToken(`${forged}.${mac}`, TEST_TOKEN_SECRET, NOW)).toEqual({ ok: false, reason: 'bad-signature' });
  expect(verifyAccessToken(token, 'another-secret-another-secret-another-secret', NOW)).toEqual({ ok: false, reason: 'bad-signature' });
  const last = mac.slice(-1) === 'A' ? 'B' : 'A';
  expect(verifyAccessToken(`${payload}.${mac.slice(0, -1)}${last}`, TEST_TOKEN_SECRET, NOW)).toEqual({ ok: false, reason: 'bad-signature' });
  expect(verifyAccessToken('not a token', TEST_TOKEN_SECRET, NOW)).toEqual({ ok: false, reason: 'malformed' });
});

test('a report-link token never passes as an access token, even with the same key', () => {
  const link = signReportToken({ directiveId: 'X', unitId: 'D1', expiresAt: '2027-01-01T00:00:00Z' }, TEST_TOKEN_SECRET);
  expect(verifyAccessToken(link, TEST_TOKEN_SECRET, NOW)).toEqual({ ok: false, reason: 'bad-signature' });
});

test('short secrets and unscoped supervisor tokens are refused when issued', () => {
  expect(() => issueAccessToken({ sub: 's', role: 'secretariat' }, 'short', { ttlSeconds: 60 })).toThrow(/API_TOKEN_SECRET must be at least 32 bytes/);
  expect(() => issueAccessToken({ sub: 's', role: 'supervisor' }, TEST_TOKEN_SECRET, { ttlSeconds: 60 })).toThrow(/unitId/);
});
