// The holders of units' first commands on real PostgreSQL: lookups that arrive while others are in
// flight are answered by one statement per directive, each caller gets its own unit's answer, an id
// PostgreSQL cannot hold is answered "not there" without failing the others, and a failed query
// fails only the callers it carried.
import { GroupedLookup } from '../../src/app/grouped-lookup';
import { unitHolderIds } from '../../src/store/directory-queries';
import { countingPool } from '../harness/counting-pool';
import type { TestDatabase } from '../harness/database';
import { migratedDatabase } from '../activities/fixtures';

const DIRECTIVES = ['08-CT-TW-2027', '09-CT-TW-2027'];
const cell = (n: number) => `QN-HL-${String(n).padStart(3, '0')}`;

describe('GroupedLookup of unit holders', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await migratedDatabase();
    // Cells 1–60 held by district QN-HL in the first directive, by QN-HL-B in the second.
    for (const [d, holder] of [
      [DIRECTIVES[0], 'QN-HL'],
      [DIRECTIVES[1], 'QN-HL-B'],
    ] as const)
      await db.pool.query(
        `INSERT INTO directive_units (directive_id, unit_id, parent_id, level, name, email, members, essays_expected, has_children, holder_id, ancestors, depth)
         SELECT $1, 'QN-HL-' || lpad(n::text, 3, '0'), $2, 'cell', 'Chi bộ ' || n, 'c' || n || '@example.vn', 10, 10, false, $2, ARRAY[$2, 'QN'], 2
         FROM generate_series(1, 60) n`,
        [d, holder],
      );
  });
  afterAll(() => db.drop());

  test('an idle lookup goes at once, alone; sixty at once take a few statements and each gets its own answer', async () => {
    const { pool, statements } = countingPool(db.pool);
    const lookup = new GroupedLookup<string>((d, ids) => unitHolderIds(pool, d, ids));
    expect(await lookup.get(DIRECTIVES[0]!, cell(1))).toBe('QN-HL');
    expect(statements()).toBe(1);

    const asked = Array.from({ length: 60 }, (_, i) => [DIRECTIVES[i % 2]!, cell(i + 1)] as const);
    const answers = await Promise.all(asked.map(([d, u]) => lookup.get(d, u)));
    expect(answers).toEqual(asked.map(([d]) => (d === DIRECTIVES[0] ? 'QN-HL' : 'QN-HL-B')));
    // The first two go alone (two in flight); the other 58 wait and are merged, one statement per directive.
    expect(statements() - 1).toBe(4);
  });

  test('the same unit asked twice at once is one key; units not in the directive, or not even storable, are undefined', async () => {
    const { pool, statements } = countingPool(db.pool);
    const lookup = new GroupedLookup<string>((d, ids) => unitHolderIds(pool, d, ids), { maxInFlight: 1 });
    const [busy, ...rest] = [
      lookup.get(DIRECTIVES[0]!, cell(2)),
      lookup.get(DIRECTIVES[0]!, cell(3)),
      lookup.get(DIRECTIVES[0]!, cell(3)),
      lookup.get(DIRECTIVES[0]!, 'QN-NOPE'),
      lookup.get(DIRECTIVES[0]!, 'QN\u0000HL'),
      lookup.get(DIRECTIVES[0]!, cell(4)),
    ];
    expect(await busy).toBe('QN-HL');
    expect(await Promise.all(rest)).toEqual(['QN-HL', 'QN-HL', undefined, undefined, 'QN-HL']);
    expect(statements()).toBe(2);
  });

  test('a failed query rejects the callers it carried, and the next lookup asks again', async () => {
    let failNext = true;
    const lookup = new GroupedLookup<string>(async (d, ids) => {
      if (failNext) {
        failNext = false;
        throw new Error('connection terminated (injected)');
      }
      return unitHolderIds(db.pool, d, ids);
    });
    await expect(lookup.get(DIRECTIVES[1]!, cell(5))).rejects.toThrow('injected');
    expect(await lookup.get(DIRECTIVES[1]!, cell(5))).toBe('QN-HL-B');
  });

  test('limits are positive integers', () => {
    expect(() => new GroupedLookup(async () => new Map(), { maxInFlight: 0 })).toThrow('maxInFlight');
    expect(() => new GroupedLookup(async () => new Map(), { maxKeys: 1.5 })).toThrow('maxKeys');
  });
});
