import fs from 'node:fs';
import path from 'node:path';
import { DB_ACTIVITY_OPTIONS, EMAIL_ACTIVITY_OPTIONS } from '../../src/engine/activities/retry-policies';
import { FAILURE_TYPES } from '../../src/engine/activities/failure-types';

describe('retry policies', () => {
  test('database and email activities retry forever with capped backoff and stop on our non-retryable failures', () => {
    expect(DB_ACTIVITY_OPTIONS.retry).toMatchObject({ maximumInterval: '1 minute', nonRetryableErrorTypes: Object.values(FAILURE_TYPES) });
    expect(EMAIL_ACTIVITY_OPTIONS.retry).toMatchObject({ maximumInterval: '5 minutes', nonRetryableErrorTypes: Object.values(FAILURE_TYPES) });
    expect(DB_ACTIVITY_OPTIONS.retry?.maximumAttempts).toBeUndefined();
    expect(EMAIL_ACTIVITY_OPTIONS.retry?.maximumAttempts).toBeUndefined();
  });

  test.each(['retry-policies.ts', 'failure-types.ts'])('%s imports nothing workflow code may not import', (file) => {
    const source = fs.readFileSync(path.join(__dirname, '../../src/engine/activities', file), 'utf8');
    const imports = [...source.matchAll(/^import\s+(type\s+)?[^'"]*['"]([^'"]+)['"]/gm)].map((m) => ({ typeOnly: Boolean(m[1]), from: m[2] }));
    for (const { typeOnly, from } of imports) expect(typeOnly || from === './failure-types').toBe(true);
  });
});
