import { FixedWindowLimiter } from '../../src/http/limits/fixed-window-limiter';
import { callerKey } from '../../src/http/limits/rate-limits';

test('a caller gets max requests per window, then a Retry-After until the window ends', () => {
  let now = 1_000_000;
  const limiter = new FixedWindowLimiter({ max: 2, windowMs: 60_000, now: () => now });
  expect([limiter.take('a').allowed, limiter.take('a').allowed]).toEqual([true, true]);
  expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 60 });
  expect(limiter.take('b').allowed).toBe(true);
  now += 59_500;
  expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
  now += 500;
  expect(limiter.take('a')).toEqual({ allowed: true, remaining: 1 });
});

test('max 0 switches the limit off; nonsense settings are refused', () => {
  const off = new FixedWindowLimiter({ max: 0, windowMs: 1000 });
  for (let i = 0; i < 100; i++) expect(off.take('a').allowed).toBe(true);
  expect(() => new FixedWindowLimiter({ max: -1, windowMs: 1000 })).toThrow(/max/);
  expect(() => new FixedWindowLimiter({ max: 1, windowMs: 0 })).toThrow(/windowMs/);
});

test('a unit’s token and its report link share one budget; anonymous callers count by address', () => {
  const ip = { ip: '10.0.0.1' };
  expect(callerKey({ kind: 'unit', sub: 'x', unitId: 'D1-C1' }, ip)).toBe(
    callerKey({ kind: 'report-link', sub: 'y', unitId: 'D1-C1', directiveId: 'd', expiresAt: '' }, ip),
  );
  expect(callerKey({ kind: 'supervisor', sub: 'bt', unitId: 'D1-C1' }, ip)).not.toBe(callerKey({ kind: 'unit', sub: 'bt', unitId: 'D1-C1' }, ip));
  expect(callerKey(null, ip)).toBe('ip:10.0.0.1');
});
