import { csvField, unitsToCsv } from '../../client/csv-export';

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

test('the export has a BOM, a header and CRLF rows', () => {
  const csv = unitsToCsv([
    { unitId: 'QN-D01', name: 'Huyện ủy Ba Chẽ', level: 'district', parentId: 'QN', status: 'done-on-time', deadline: '2021-09-30T16:59:59.999Z', completedAt: '2021-09-01T02:00:00.000Z', attendees: 40, members: 40, essaysSubmitted: 214, essaysExpected: 224 },
  ]);
  expect(csv).toBe(
    '\uFEFFunitId,name,level,parentId,status,deadline,completedAt,attendees,members,essaysSubmitted,essaysExpected\r\n' +
      'QN-D01,Huyện ủy Ba Chẽ,district,QN,done-on-time,2021-09-30T16:59:59.999Z,2021-09-01T02:00:00.000Z,40,40,214,224\r\n',
  );
});
