/** Reads a variable that global setup must have set; a clear error if a test runs without it. */
export function requiredTestEnv(name: 'TEST_DATABASE_URL' | 'TEST_TEMPORAL_ADDRESS' | 'TEST_TEMPORAL_ORIGIN' | 'TEST_TIME_SKIPPING_SERVER'): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests with \`npm test\` (jest's global setup starts the servers)`);
  return value;
}
