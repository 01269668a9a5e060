/**
 * Search without accents: "chi bo" finds "Chi bộ", "dang uy" finds "Đảng ủy", "ĐẢNG" finds "đảng".
 * Both sides of a search go through the same fold: the text searched (PostgreSQL's `search_fold`,
 * migration 0019, mirrors this function step by step and test/activities/search-keys.test.ts proves they
 * agree) and what the user typed.
 */

/** Every combining diacritical mark (U+0300–U+036F): the five Vietnamese tones, the circumflex, breve and horn among them. */
const COMBINING_MARKS = /[\u0300-\u036f]/g;

/** Đ and đ are letters of their own, not D with a mark: NFD leaves them whole. */
const D_WITH_STROKE = /[đĐ]/g;

/** Only ASCII letters change case, as in SQL's `translate`; lowering other scripts would depend on the server's locale. */
const ASCII_UPPER = /[A-Z]/g;

/** The whitespace the fold collapses: ASCII whitespace and Unicode's space separators (Zs), listed the same way in SQL. */
const SPACES = /[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+/g;

/**
 * The text as search compares it: decomposed (NFD), combining marks removed, đ/Đ as d, ASCII
 * letters lower case, runs of whitespace as one space, no space at either end.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(D_WITH_STROKE, 'd')
    .replace(ASCII_UPPER, (c) => c.toLowerCase())
    .replace(SPACES, ' ')
    .replace(/^ | $/g, '');
}

/**
 * A `LIKE` pattern that finds folded text containing the folded `query`: `\`, `%` and `_` typed by
 * the user are literal (escaped with `\`, LIKE's default escape). Null when the query folds to nothing.
 */
export function searchPattern(query: string | undefined): string | null {
  const folded = query === undefined ? '' : foldForSearch(query);
  if (folded === '') return null;
  return `%${folded.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
