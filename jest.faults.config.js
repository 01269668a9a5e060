/**
 * The fault suite (test/faults): real outages of the worker, Temporal, SMTP and PostgreSQL,
 * each test counting that nothing is lost or doubled. One file at a time: the tests measure
 * timers against the wall clock, and two outages at once on a small machine would blur that.
 */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  roots: ['<rootDir>/test/faults'],
  testPathIgnorePatterns: ['/node_modules/'],
  setupFiles: ['<rootDir>/test/faults/quiet-faults.ts'],
  testTimeout: 600000,
  maxWorkers: 1,
};
