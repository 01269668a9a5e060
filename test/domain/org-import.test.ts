import { OrgImportError, type OrgIssue, importOrg, parseOrgCsv, parseOrgJson } from '../../src/domain';

const HEADER = 'id,name,level,parentId,email,members,essaysExpected';

function issuesOf(run: () => unknown): OrgIssue[] {
  try {
    run();
  } catch (error) {
    if (error instanceof OrgImportError) return [...error.issues];
    throw error;
  }
  throw new Error('expected an OrgImportError');
}

describe('parseOrgCsv', () => {
  test('reads quoted fields holding commas and doubled quotes', () => {
    const rows = parseOrgCsv(
      `${HEADER}\nTW,"Ban Chấp hành Trung ương, khóa XIII",central,,tw@example.vn,200,0\nQN,"Tỉnh ủy ""Quảng Ninh""",province,TW,qn@example.vn,12,3\n`,
    );
    expect(rows.map((r) => r.name)).toEqual(['Ban Chấp hành Trung ương, khóa XIII', 'Tỉnh ủy "Quảng Ninh"']);
  });

  test('strips a UTF-8 BOM so the first column is still "id"', () => {
    const rows = parseOrgCsv(`\uFEFF${HEADER}\nTW,Trung ương,central,,tw@example.vn,1,0`);
    expect(rows[0]?.id).toBe('TW');
  });

  test('accepts CRLF line ends, and a line break inside quotes', () => {
    const rows = parseOrgCsv(`${HEADER}\r\nTW,"Trung ương\r\ndòng 2",central,,tw@example.vn,1,0\r\nQN,Quảng Ninh,province,TW,qn@example.vn,2,0\r\n`);
    expect(rows.map((r) => r.id)).toEqual(['TW', 'QN']);
    expect(rows[0]?.name).toBe('Trung ương\r\ndòng 2');
  });

  test('normalises decomposed (NFD) Vietnamese to NFC', () => {
    const nfd = 'Thành ủy Hạ Long'.normalize('NFD');
    expect(nfd).not.toBe('Thành ủy Hạ Long');
    const rows = parseOrgCsv(`${HEADER}\nQN-HL,${nfd},district,,hl@example.vn,5,5`);
    expect(rows[0]?.name).toBe('Thành ủy Hạ Long');
  });

  test('accepts the columns in any order', () => {
    const rows = parseOrgCsv('email,members,essaysExpected,id,parentId,level,name\ntw@example.vn,7,3,TW,,central,Trung ương');
    expect(rows[0]).toEqual({ id: 'TW', name: 'Trung ương', level: 'central', parentId: '', email: 'tw@example.vn', members: 7, essaysExpected: 3 });
  });

  test('keeps counts that are not plain digits as text so validation can name them', () => {
    const rows = parseOrgCsv(`${HEADER}\nTW,Trung ương,central,,tw@example.vn,"1.000",`);
    expect(rows[0]?.members).toBe('1.000');
    expect(rows[0]?.essaysExpected).toBeUndefined();
  });

  test('a missing column is an error naming it', () => {
    const issues = issuesOf(() => parseOrgCsv('id,name,level,parentId,members,essaysExpected\nTW,x,central,,1,1'));
    expect(issues.map((i) => i.message)).toEqual([
      'header: column "email" is missing; the header must be id,name,level,parentId,email,members,essaysExpected (any order)',
    ]);
  });

  test('an unknown column is an error naming it', () => {
    const issues = issuesOf(() => parseOrgCsv(`${HEADER},phone\nTW,x,central,,a@b.vn,1,1,0`));
    expect(issues.map((i) => i.message)).toEqual([
      'header: column 8 "phone" is not a known column; the header must be id,name,level,parentId,email,members,essaysExpected (any order)',
    ]);
  });

  test('a row with the wrong number of fields names the row', () => {
    const issues = issuesOf(() => parseOrgCsv(`${HEADER}\nTW,Trung ương,central,,tw@example.vn,1,0\nQN,Tỉnh ủy, Quảng Ninh,province,TW,qn@example.vn,1,0`));
    expect(issues).toEqual([{ row: 2, rule: 'csv', message: 'row 2 has 8 fields but the header has 7; quote any field that contains a comma' }]);
  });

  test('an unclosed quote names the row', () => {
    const issues = issuesOf(() => parseOrgCsv(`${HEADER}\nTW,Trung ương,central,,tw@example.vn,1,0\nQN,"Quảng Ninh,province,TW,qn@example.vn,1,0\n`));
    expect(issues[0]?.row).toBe(2);
    expect(issues[0]?.message).toMatch(/^row 2: a quoted field opened at character \d+ is never closed; add the closing quote$/);
  });

  test('a stray quote inside an unquoted field names the row and says how to fix it', () => {
    const issues = issuesOf(() => parseOrgCsv(`${HEADER}\nTW,Trung "ương",central,,tw@example.vn,1,0`));
    expect(issues[0]?.message).toBe('row 1: field 2 contains a quote but is not quoted; wrap it in quotes and double the inner quote ("")');
  });

  test('a blank line in the middle is an error, a trailing one is not', () => {
    expect(parseOrgCsv(`${HEADER}\nTW,x,central,,a@b.vn,1,1\n\n\n`)).toHaveLength(1);
    const issues = issuesOf(() => parseOrgCsv(`${HEADER}\nTW,x,central,,a@b.vn,1,1\n\nQN,y,province,TW,q@b.vn,1,1`));
    expect(issues.map((i) => i.message)).toEqual(['row 2 is empty; delete the blank line']);
  });
});

describe('parseOrgJson', () => {
  test('accepts an array or an object with a units array', () => {
    expect(parseOrgJson('[{"id":"TW"}]')).toEqual({ levels: null, units: [{ id: 'TW' }] });
    expect(parseOrgJson('{"units":[{"id":"TW"}]}')).toEqual({ levels: null, units: [{ id: 'TW' }] });
  });

  test('rejects invalid JSON and other shapes', () => {
    expect(issuesOf(() => parseOrgJson('[{'))[0]?.message).toMatch(/^the file is not valid JSON \(.+\); fix the syntax and import again$/);
    expect(issuesOf(() => parseOrgJson('{"unit":[]}'))[0]?.message).toBe('JSON must be an array of units or an object with a "units" array');
  });
});

describe('importOrg', () => {
  const csv = [
    HEADER,
    'TW,Ban Chấp hành Trung ương,central,,tw@example.vn,200,0',
    'QN,Tỉnh ủy Quảng Ninh,province,TW,qn@example.vn,60,60',
    'QN-HL,"Thành ủy Hạ Long, Quảng Ninh",district,QN,hl@example.vn,790,790',
    'QN-HL-017,Chi bộ khu 17,cell,QN-HL,cb17@example.vn,25,25',
  ].join('\r\n');

  test('returns a tree for a valid CSV file', () => {
    const tree = importOrg(csv, 'csv');
    expect(tree.size).toBe(4);
    expect(tree.ancestors('QN-HL-017').map((u) => u.id)).toEqual(['QN-HL', 'QN', 'TW']);
    expect(tree.get('QN-HL')?.members).toBe(790);
  });

  test('returns a tree for valid JSON', () => {
    const json = JSON.stringify([
      { id: 'TW', name: 'Trung ương', level: 'central', parentId: null, email: 'tw@example.vn', members: 1, essaysExpected: 0 },
      { id: 'QN', name: 'Quảng Ninh', level: 'province', parentId: 'TW', email: 'qn@example.vn', members: 1, essaysExpected: 1 },
    ]);
    expect(
      importOrg(json, 'json')
        .children('TW')
        .map((u) => u.id),
    ).toEqual(['QN']);
  });

  test('throws with every row-level problem and returns nothing partial', () => {
    const bad = `${csv}\r\nQN-HL-018,Chi bộ 18,cell,QN-XX,cb18@example.vn,"1.000",1\r\nQN-HL-019,Chi bộ 19,cell,QN-HL,not-an-email,1,1`;
    const issues = issuesOf(() => importOrg(bad, 'csv'));
    expect(issues.map((i) => i.message)).toEqual([
      'row 5 (unit QN-HL-018): members must be a whole number ≥ 0, got "1.000"',
      'row 6 (unit QN-HL-019): email "not-an-email" is not a valid email address',
    ]);
  });

  test('the error message lists the first problems and says how many more there are', () => {
    const rows = Array.from({ length: 8 }, (_, i) => `C${i},Chi bộ,cell,NOPE,c@example.vn,1,1`);
    try {
      importOrg([HEADER, 'TW,TW,central,,tw@example.vn,1,1', ...rows].join('\n'), 'csv');
      throw new Error('expected an OrgImportError');
    } catch (error) {
      expect(error).toBeInstanceOf(OrgImportError);
      const message = (error as Error).message;
      expect(message.split('\n')[0]).toBe('organisation has 8 problems; fix them and import again:');
      expect(message).toContain('- row 2 (unit C0): parentId "NOPE" is not the id of any unit');
      expect(message).toContain('- … and 3 more');
    }
  });
});
