// The fold that makes search accent-free: examples from Vietnamese names, and properties over
// Vietnamese text (idempotent, ASCII out, blind to NFC/NFD, case and the marks it removes).
import fc from 'fast-check';
import { foldForSearch, searchPattern } from '../../src/domain/text/search-fold';

/** Every letter of the Vietnamese alphabet in both cases with each of its tones (the 134 vowels and đ among them). */
const VIETNAMESE_LETTERS = [...'aăâbcdđeêghiklmnoôơpqrstuưvxy', ...'àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ'].flatMap((c) => [
  c,
  c.toUpperCase(),
]);

const vietnameseText = fc
  .array(fc.oneof(fc.constantFrom(...VIETNAMESE_LETTERS), fc.constantFrom(' ', '  ', '\u00a0', '-', '.', '1', '9')), { maxLength: 40 })
  .map((chars) => chars.join(''));

describe('foldForSearch', () => {
  test.each([
    ['Chi bộ Thôn Đồng Sơn', 'chi bo thon dong son'],
    ['Đảng ủy xã Yên Bình', 'dang uy xa yen binh'],
    ['ĐẢNG', 'dang'],
    ['đảng', 'dang'],
    ['Tỉnh ủy Quảng Ninh', 'tinh uy quang ninh'],
    ['Ửa Ỡ ự ỹ', 'ua o u y'],
    ['  Chi   bộ\u00a0 1  ', 'chi bo 1'],
    ['QN-HL-001', 'qn-hl-001'],
    ['Chi bộ 100%_A\\', 'chi bo 100%_a\\'],
  ])('%j folds to %j', (text, folded) => {
    expect(foldForSearch(text)).toBe(folded);
  });

  test('NFC and NFD spellings fold alike', () => {
    const name = 'Chi bộ Trường Tiểu học Hạ Long';
    expect(foldForSearch(name.normalize('NFD'))).toBe(foldForSearch(name.normalize('NFC')));
  });

  test('folding twice changes nothing', () => {
    fc.assert(fc.property(vietnameseText, (text) => foldForSearch(foldForSearch(text)) === foldForSearch(text)));
  });

  test('Vietnamese letters fold to ASCII only, lower case, with single inner spaces', () => {
    fc.assert(
      fc.property(vietnameseText, (text) => {
        const folded = foldForSearch(text);
        expect(folded).toMatch(/^[\x20-\x7e]*$/);
        expect(folded).not.toMatch(/[A-Z]|\s\s|^\s|\s$/);
      }),
    );
  });

  test('a name contains any part of it, however the part is accented or cased', () => {
    fc.assert(
      fc.property(vietnameseText, fc.nat(), fc.nat(), fc.boolean(), (text, a, b, upper) => {
        const [from, to] = [Math.min(a, b) % (text.length + 1), Math.max(a, b) % (text.length + 1)];
        const part = text.slice(from, to);
        const typed = upper ? part.toUpperCase() : foldForSearch(part);
        // Slicing inside a run of spaces leaves spaces at the part's ends, which the fold trims.
        expect(foldForSearch(text)).toContain(foldForSearch(typed));
      }),
    );
  });
});

describe('searchPattern', () => {
  test('wraps the folded query in % and escapes LIKE wildcards typed by the user', () => {
    expect(searchPattern('Chi Bộ')).toBe('%chi bo%');
    expect(searchPattern('100%_x\\y')).toBe('%100\\%\\_x\\\\y%');
  });

  test('no pattern when there is nothing to search', () => {
    expect(searchPattern(undefined)).toBeNull();
    expect(searchPattern('   ')).toBeNull();
  });
});
