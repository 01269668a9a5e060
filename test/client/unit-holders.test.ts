// Where units are held, on real PostgreSQL: a directive's first lookups go one by one (grouped)
// until the threshold, then its snapshot is read whole and its other units ask nothing; a
// directive whose snapshot is not taken yet is tried whole again only after as many lookups
// more; a moved unit is asked again alone; a reorganisation's forgetting wins over a whole read
// still in flight.
import type { Pool } from 'pg';
import { UnitHolders } from '../../src/app/unit-holders';
import { countingPool } from '../harness/counting-pool';
import type { TestDatabase } from '../harness/database';
import { migratedDatabase } from '../activities/fixtures';

const DIRECTIVE = '10-CT-TW-2027';
const cell = (n: number) => `QN-CB-${String(n).padStart(3, '0')}`;

/** The pool, with every answer held back until `release()` while `hold` is on. */
function gatedPool(pool: Pool): { pool: Pool; hold: () => void; release: () => void; answered: () => Promise<void> } {
  let gate: Promise<void> | null = null;
  let open: () => void = () => undefined;
  let arrived: () => void = () => undefined;
  let heldAnswer = new Promise<void>((resolve) => (arrived = resolve));
  const proxy = new Proxy(pool, {
    get(target, key, receiver) {
      if (key !== 'query') return Reflect.get(target, key, receiver);
      return async (...args: Parameters<Pool['query']>) => {
        const result = await (target.query as (...a: unknown[]) => Promise<unknown>)(...args);
        if (gate) {
          arrived();
          await gate;
        }
        return result;
      };
    },
  });
  return {
    pool: proxy,
    hold: () => {
      gate = new Promise((resolve) => (open = resolve));
      heldAnswer = new Promise((resolve) => (arrived = resolve));
    },
    release: () => {
      gate = null;
      open();
    },
    answered: () => heldAnswer,
  };
}

describe('UnitHolders', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await migratedDatabase();
    // Cells 1–100 held by district QN-CB.
    await db.pool.query(
      `INSERT INTO directive_units (directive_id, unit_id, parent_id, level, name, email, members, essays_expected, has_children, holder_id, ancestors, depth)
       SELECT $1, 'QN-CB-' || lpad(n::text, 3, '0'), 'QN-CB', 'cell', 'Chi bộ ' || n, 'c' || n || '@example.vn', 10, 10, false, 'QN-CB', ARRAY['QN-CB', 'QN'], 2
       FROM generate_series(1, 100) n`,
      [DIRECTIVE],
    );
  });
  afterAll(() => db.drop());

  test('after three first lookups the directive is read whole, and its other units ask nothing', async () => {
    const { pool, statements } = countingPool(db.pool);
    const holders = new UnitHolders(pool, { wholeDirectiveAfter: 3 });
    expect(await holders.get(DIRECTIVE, cell(1))).toBe('QN-CB');
    expect(await holders.get(DIRECTIVE, cell(2))).toBe('QN-CB');
    expect(statements()).toBe(2);
    // The third first lookup reads the directive whole: one statement, and it answers from it.
    expect(await holders.get(DIRECTIVE, cell(3))).toBe('QN-CB');
    expect(statements()).toBe(3);
    const rest = await Promise.all(Array.from({ length: 97 }, (_, i) => holders.get(DIRECTIVE, cell(i + 4))));
    expect(rest).toEqual(Array(97).fill('QN-CB'));
    expect(statements()).toBe(3);
    // A unit the snapshot does not hold is still asked alone, and is undefined.
    expect(await holders.get(DIRECTIVE, 'QN-NOPE')).toBeUndefined();
    expect(statements()).toBe(4);
  });

  test('a directive whose snapshot is not taken yet is read whole again only after as many first lookups more', async () => {
    const { pool, statements } = countingPool(db.pool);
    const holders = new UnitHolders(pool, { wholeDirectiveAfter: 2 });
    const later = '11-CT-TW-2027';
    expect(await holders.get(later, cell(1))).toBeUndefined();
    expect(statements()).toBe(1);
    // The second: a whole read (empty) and the unit alone.
    expect(await holders.get(later, cell(2))).toBeUndefined();
    expect(statements()).toBe(3);
    // The snapshot is taken now; the third lookup counts from zero again and asks alone.
    await db.pool.query(
      `INSERT INTO directive_units (directive_id, unit_id, parent_id, level, name, email, members, essays_expected, has_children, holder_id, ancestors, depth)
       SELECT $1, unit_id, parent_id, level, name, email, members, essays_expected, has_children, holder_id, ancestors, depth
       FROM directive_units WHERE directive_id = $2`,
      [later, DIRECTIVE],
    );
    expect(await holders.get(later, cell(3))).toBe('QN-CB');
    expect(statements()).toBe(4);
    // The fourth reads it whole; the fifth asks nothing.
    expect(await holders.get(later, cell(4))).toBe('QN-CB');
    expect(statements()).toBe(5);
    expect(await holders.get(later, cell(5))).toBe('QN-CB');
    expect(statements()).toBe(5);
  });

  test('a forgotten unit is asked again alone and gets where it is held now', async () => {
    const { pool, statements } = countingPool(db.pool);
    const holders = new UnitHolders(pool, { wholeDirectiveAfter: 1 });
    expect(await holders.get(DIRECTIVE, cell(7))).toBe('QN-CB');
    const before = statements();
    await db.pool.query(`UPDATE directive_units SET holder_id = 'QN-CB-B' WHERE directive_id = $1 AND unit_id = $2`, [DIRECTIVE, cell(8)]);
    try {
      expect(await holders.get(DIRECTIVE, cell(8))).toBe('QN-CB');
      holders.forget(DIRECTIVE, cell(8));
      expect(await holders.get(DIRECTIVE, cell(8))).toBe('QN-CB-B');
      expect(statements() - before).toBe(1);
    } finally {
      await db.pool.query(`UPDATE directive_units SET holder_id = 'QN-CB' WHERE directive_id = $1 AND unit_id = $2`, [DIRECTIVE, cell(8)]);
    }
  });

  test('a whole read still in flight when the directive is forgotten does not bring back the old holders', async () => {
    const gated = gatedPool(db.pool);
    const holders = new UnitHolders(gated.pool, { wholeDirectiveAfter: 1 });
    gated.hold();
    const first = holders.get(DIRECTIVE, cell(9));
    await gated.answered(); // the whole read has its (old) rows and waits
    holders.forgetDirective(DIRECTIVE);
    await db.pool.query(`UPDATE directive_units SET holder_id = 'QN-CB-B' WHERE directive_id = $1`, [DIRECTIVE]);
    try {
      gated.release();
      expect(await first).toBe('QN-CB'); // the caller that asked before the move gets what the read found
      expect(await holders.get(DIRECTIVE, cell(10))).toBe('QN-CB-B');
      expect(await holders.get(DIRECTIVE, cell(9))).toBe('QN-CB-B');
    } finally {
      await db.pool.query(`UPDATE directive_units SET holder_id = 'QN-CB' WHERE directive_id = $1`, [DIRECTIVE]);
    }
  });

  test('the threshold is a positive integer', () => {
    expect(() => new UnitHolders(db.pool, { wholeDirectiveAfter: 0 })).toThrow('wholeDirectiveAfter');
  });
});
