/** Rates and number formatting as the reports quote them: 4.285/4.478 bài, đạt 95,69%. */

function assertCount(name: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${name} must be a whole number ≥ 0 to compute a rate, got ${n}`);
}

/**
 * Percentage of numerator over denominator, rounded half-up to two decimals, or null when the
 * denominator is 0. Computed in integers (BigInt) so 4285/4478 is exactly 95.69 with no float drift.
 */
export function rate(numerator: number, denominator: number): number | null {
  assertCount('numerator', numerator);
  assertCount('denominator', denominator);
  if (denominator === 0) return null;
  // hundredths of a percent = round(num * 10000 / den), half-up: floor((2·num·10000 + den) / (2·den)).
  const num = BigInt(numerator);
  const den = BigInt(denominator);
  const hundredths = (2n * num * 10000n + den) / (2n * den);
  return Number(hundredths) / 100;
}

function groupDigits(digits: string, separator: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

function formatNumber(n: number, thousands: string, decimal: string, maxDecimals: number): string {
  if (!Number.isFinite(n)) return String(n);
  const fixed = Math.abs(n).toFixed(maxDecimals);
  const [whole = '0', fraction = ''] = fixed.split('.');
  const trimmed = fraction.replace(/0+$/, '');
  const sign = n < 0 && Number(fixed) !== 0 ? '-' : '';
  return `${sign}${groupDigits(whole, thousands)}${trimmed ? decimal + trimmed : ''}`;
}

/** Vietnamese number: `.` groups thousands, `,` marks decimals (4285 → `4.285`, 1234.5 → `1.234,5`). */
export function formatViNumber(n: number, maxDecimals = 2): string {
  return formatNumber(n, '.', ',', maxDecimals);
}

/** English number: `,` groups thousands, `.` marks decimals (4285 → `4,285`). */
export function formatEnNumber(n: number, maxDecimals = 2): string {
  return formatNumber(n, ',', '.', maxDecimals);
}

/** Vietnamese percentage, two decimals without trailing zeros: 95.69 → `95,69%`, 95.4 → `95,4%`, 100 → `100%`, null → `–`. */
export function formatViRate(value: number | null): string {
  return value === null ? '–' : `${formatViNumber(value, 2)}%`;
}

/** English percentage: 95.69 → `95.69%`, 100 → `100%`, null → `–`. */
export function formatEnRate(value: number | null): string {
  return value === null ? '–' : `${formatEnNumber(value, 2)}%`;
}

/** Vietnamese "done/expected" figure: (4285, 4478) → `4.285/4.478`. */
export function formatViFraction(numerator: number, denominator: number): string {
  return `${formatViNumber(numerator)}/${formatViNumber(denominator)}`;
}

/** English "done/expected" figure: (4285, 4478) → `4,285/4,478`. */
export function formatEnFraction(numerator: number, denominator: number): string {
  return `${formatEnNumber(numerator)}/${formatEnNumber(denominator)}`;
}
