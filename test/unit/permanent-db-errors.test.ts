// Which PostgreSQL failures of a journal write are refusals of the data (quarantined) and which are
// retried: an outage must never be mistaken for a bad entry, or reports would be set aside.
import { permanentDbError } from '../../src/store/permanent-db-errors';

const pgError = (code: string, message = 'refused') => Object.assign(new Error(message), { code });

test.each([
  ['22003', 'value "3000000000" is out of range for type integer'],
  ['22P05', 'unsupported Unicode escape sequence'],
  ['22021', 'invalid byte sequence for encoding "UTF8": 0x00'],
  ['22007', 'invalid input syntax for type timestamp with time zone'],
  ['23514', 'new row violates check constraint'],
  ['23502', 'null value in column violates not-null constraint'],
  ['54000', 'index row requires 9000 bytes, maximum size is 8191'],
])('SQLSTATE %s (%s) is a refusal no retry cures', (code, message) => {
  expect(permanentDbError(pgError(code, message))).toEqual({ code, message });
});

test.each([
  ['40001', 'could not serialize access'],
  ['40P01', 'deadlock detected'],
  ['57P01', 'terminating connection due to administrator command'],
  ['08006', 'connection failure'],
  ['53300', 'too many connections'],
  ['55P03', 'canceling statement due to lock timeout'],
  ['42P01', 'relation "journal_quarantine" does not exist'],
])('SQLSTATE %s (%s) is retried', (code, message) => {
  expect(permanentDbError(pgError(code, message))).toBeNull();
});

test('errors without a SQLSTATE (a refused connection, a reset socket) are retried', () => {
  expect(permanentDbError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBeNull();
  expect(permanentDbError(new Error('Connection terminated unexpectedly'))).toBeNull();
  expect(permanentDbError('22003')).toBeNull();
  expect(permanentDbError(null)).toBeNull();
});
