import { csvField, unitsToCsv } from '../../src/app/csv-export';

test('a field that a spreadsheet would run as a formula is neutralised', () => {
  expect(csvField('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
  expect(csvField('+84 912')).toBe("'+84 912");
  expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
});

test('numbers, nulls and plain Vietnamese text pass through; commas and quotes are quoted', () => {
  expect(csvField(-3)).toBe('-3');
  expect(csvField(null)).toBe('');
  expect(csvField('Chi bộ Hạ Long, khu 3')).toBe('"Chi bộ Hạ Long, khu 3"');
  expect(csvField('Tổ "Bình Minh"')).toBe('"Tổ ""Bình Minh"""');
});

const BA_CHE = {
  unitId: 'QN-D01',
  name: 'Huyện ủy Ba Chẽ',
  level: 'district',
  parentId: 'QN',
  status: 'done-on-time',
  deadline: '2021-09-30T16:59:59.999Z',
  completedAt: '2021-09-01T02:00:00.000Z',
  attendees: 40,
  members: 40,
  directoryMembers: 42,
  essaysSubmitted: 214,
  essaysExpected: 224,
} as const;

test('the export has a BOM, a header and CRLF rows', () => {
  const csv = unitsToCsv([BA_CHE]);
  expect(csv).toBe(
    '\uFEFFunitId,name,level,parentId,status,statusVi,deadline,completedAt,attendees,members,directoryMembers,essaysSubmitted,essaysExpected\r\n' +
      'QN-D01,Huyện ủy Ba Chẽ,district,QN,done-on-time,Hoàn thành đúng hạn,30/09/2021 23:59,01/09/2021 09:00,40,40,42,214,224\r\n',
  );
});

test('times are Vietnam wall-clock time, not UTC, and each status has its Vietnamese words beside its code', () => {
  // 17:30 UTC on 31/12 is already 00:30 on 1/1 in Vietnam: the date, month and year all turn over.
  const csv = unitsToCsv([{ ...BA_CHE, status: 'overdue', deadline: '2021-12-31T17:30:00.000Z', completedAt: null }]);
  const [, row] = csv.replace(/^\uFEFF/, '').split('\r\n');
  expect(row?.split(',').slice(4, 8)).toEqual(['overdue', 'Quá hạn', '01/01/2022 00:30', '']);
  expect(unitsToCsv([{ ...BA_CHE, status: 'done-late' }])).toContain(',done-late,Hoàn thành muộn,');
});
