/**
 * The e2e suite's core on the real cluster (`npm run test:cluster`: the server built from the module
 * proxy on PostgreSQL, frontend, two history processes over 8 shards, matching, worker), started by
 * the global setup instead of the dev server: launch, notices, reports, live queries, listings by
 * search attribute, encrypted payloads, concurrent updates on cold committees, and every workflow
 * task replayed.
 */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  roots: ['<rootDir>/test/e2e'],
  testMatch: [
    '**/dev-server-cascade.test.ts',
    '**/caller-journals.test.ts',
    '**/cold-concurrent-updates.test.ts',
    '**/payload-encryption.test.ts',
    '**/replay-every-task.test.ts',
  ],
  testPathIgnorePatterns: ['/node_modules/'],
};
