// Defaults of the environment that depend on other variables.
import { loadConfig } from '../../src/config/config';

test('PUBLIC_BASE_URL defaults to the port the app listens on', () => {
  expect(loadConfig({}).PUBLIC_BASE_URL).toBe('http://127.0.0.1:3000');
  expect(loadConfig({ PORT: '3923' }).PUBLIC_BASE_URL).toBe('http://127.0.0.1:3923');
  expect(loadConfig({ PORT: '3923', PUBLIC_BASE_URL: '' }).PUBLIC_BASE_URL).toBe('http://127.0.0.1:3923');
});

test('an explicit PUBLIC_BASE_URL wins over PORT, and a bad one is refused naming the variable', () => {
  expect(loadConfig({ PORT: '3923', PUBLIC_BASE_URL: 'https://cascade.example.org' }).PUBLIC_BASE_URL).toBe('https://cascade.example.org');
  expect(() => loadConfig({ PUBLIC_BASE_URL: 'not a url' })).toThrow(/PUBLIC_BASE_URL/);
});

test('a blank number reads as unset: a port keeps its default, and a limit is not switched off as 0 would', () => {
  const blank = loadConfig({
    PORT: '',
    TEMPORAL_PORT: '',
    RATE_LIMIT_REPORTS: '',
    RATE_LIMIT_SIGN_IN_EMAIL: '',
    INBOX_LINK_TTL_DAYS: '',
    API_BODY_LIMIT_BYTES: '',
  });
  expect(blank.PORT).toBe(3000);
  expect(blank.PUBLIC_BASE_URL).toBe('http://127.0.0.1:3000');
  expect(blank.TEMPORAL_PORT).toBe(7233);
  expect(blank.RATE_LIMIT_REPORTS).toBe(30);
  expect(blank.RATE_LIMIT_SIGN_IN_EMAIL).toBe(3);
  expect(blank.INBOX_LINK_TTL_DAYS).toBe(loadConfig({}).INBOX_LINK_TTL_DAYS);
  expect(blank.API_BODY_LIMIT_BYTES).toBe(1_048_576);
  // 0 written out still means what the variable says (no rate limit here).
  expect(loadConfig({ RATE_LIMIT_REPORTS: '0' }).RATE_LIMIT_REPORTS).toBe(0);
});
