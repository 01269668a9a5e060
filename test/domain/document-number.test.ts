import { DocumentNumberSchema, isDocumentNumber, normaliseDocumentNumber } from '../../src/domain';

describe('document numbers', () => {
  test.each(['30-KH/TU', '06-CTr/TU', '123-CV/TU', '01-CT/TW', '03-HD/BTGTW', '17-KH/HU', '05-KH/ĐU', '36-KH/BTGTU'])('%s is well formed', (text) => {
    expect(isDocumentNumber(text)).toBe(true);
  });

  test.each(['30-KH', 'KH/TU', '30/TU', '30-KH/', '30-KH//TU', '30 KH TU', '', 'số 30-KH/TU'])('"%s" is not a document number', (text) => {
    expect(isDocumentNumber(text)).toBe(false);
  });

  test('"06 – CTr/TU" from the 2016 press copy normalises to 06-CTr/TU', () => {
    expect(normaliseDocumentNumber('06 – CTr/TU')).toBe('06-CTr/TU');
    expect(isDocumentNumber('06 – CTr/TU')).toBe(true);
    expect(DocumentNumberSchema.parse(' 06 – CTr / TU ')).toBe('06-CTr/TU');
  });

  test('the schema error names the bad value and shows example forms', () => {
    const result = DocumentNumberSchema.safeParse('30 KH TU');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(
      'document number "30 KH TU" is not a document number; write number-TYPE/ISSUER like 30-KH/TU, 06-CTr/TU, 123-CV/TU, 03-HD/BTGTW, 05-KH/ĐU',
    );
  });
});
