import { formatEnFraction, formatEnNumber, formatEnRate, formatViFraction, formatViNumber, formatViRate, rate } from '../../src/domain';

describe('rate', () => {
  test('4285/4478 essays is 95.69% as the Quảng Ninh report quotes', () => {
    expect(rate(4285, 4478)).toBe(95.69);
  });

  test('208/218 essays rounds to 95.41%', () => {
    expect(rate(208, 218)).toBe(95.41);
  });

  test('227/227 essays is exactly 100%', () => {
    expect(rate(227, 227)).toBe(100);
  });

  test('a zero denominator gives null, not NaN or 0', () => {
    expect(rate(0, 0)).toBeNull();
    expect(rate(5, 0)).toBeNull();
  });

  test('rounds half up at the third decimal (1/8 = 12.5% exactly, 1/16 = 6.25%, 1/32 = 3.125% → 3.13)', () => {
    expect(rate(1, 8)).toBe(12.5);
    expect(rate(1, 16)).toBe(6.25);
    expect(rate(1, 32)).toBe(3.13);
    expect(rate(1, 3)).toBe(33.33);
    expect(rate(2, 3)).toBe(66.67);
  });

  test('is exact for large counts where float arithmetic would drift', () => {
    expect(rate(1, 200)).toBe(0.5);
    expect(rate(5, 1_000_000)).toBe(0); // 0.0005% rounds to 0.00
    expect(rate(50, 1_000_000)).toBe(0.01); // 0.005% rounds half up to 0.01
  });

  test('refuses negative or fractional counts with a message naming the value', () => {
    expect(() => rate(-1, 10)).toThrow('numerator must be a whole number ≥ 0 to compute a rate, got -1');
    expect(() => rate(1, 2.5)).toThrow('denominator must be a whole number ≥ 0 to compute a rate, got 2.5');
  });
});

describe('Vietnamese and English formatting', () => {
  test('formats 95.69 as "95,69%" and the fraction as "4.285/4.478"', () => {
    expect(formatViRate(rate(4285, 4478))).toBe('95,69%');
    expect(formatViFraction(4285, 4478)).toBe('4.285/4.478');
  });

  test('drops trailing zeros: 95.40 → "95,4%", 100 → "100%"', () => {
    expect(formatViRate(95.4)).toBe('95,4%');
    expect(formatViRate(100)).toBe('100%');
  });

  test('formats a missing rate as a dash', () => {
    expect(formatViRate(null)).toBe('–');
    expect(formatEnRate(null)).toBe('–');
  });

  test('groups thousands with dots in Vietnamese and commas in English', () => {
    expect(formatViNumber(4285)).toBe('4.285');
    expect(formatViNumber(49900)).toBe('49.900');
    expect(formatViNumber(1234567.5)).toBe('1.234.567,5');
    expect(formatViNumber(999)).toBe('999');
    expect(formatEnNumber(4285)).toBe('4,285');
    expect(formatEnNumber(-1234567)).toBe('-1,234,567');
  });

  test('formats English rates and fractions', () => {
    expect(formatEnRate(95.69)).toBe('95.69%');
    expect(formatEnRate(97.58)).toBe('97.58%');
    expect(formatEnFraction(4285, 4478)).toBe('4,285/4,478');
  });
});
