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
