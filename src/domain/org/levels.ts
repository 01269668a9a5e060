/** Organisation levels are data, top first: the seeds show four, but depth and names vary by era and country. */

/** The four levels of the 2016–2021 seeds: Central Committee, province, district, grassroots cell. */
export const DEFAULT_LEVELS = ['central', 'province', 'district', 'cell'] as const;

/** Thrown when a levels list itself is unusable (empty, blank or repeated names). */
export class LevelsError extends Error {
  override readonly name = 'LevelsError';
  constructor(
    message: string,
    readonly levels: readonly string[],
  ) {
    super(message);
  }
}

/** Checks a levels list (non-empty, no blanks, no repeats) and returns it NFC-normalised so Vietnamese names compare equal. */
export function normaliseLevels(levels: readonly string[]): readonly string[] {
  if (levels.length === 0) throw new LevelsError('levels is empty; give at least one level name, top first, e.g. central, province, district, cell', levels);
  const out = levels.map((l) => l.normalize('NFC').trim());
  const seen = new Set<string>();
  for (const [i, level] of out.entries()) {
    if (level === '') throw new LevelsError(`levels[${i}] is blank; every level needs a name`, levels);
    if (seen.has(level)) throw new LevelsError(`level "${level}" appears twice in levels (${out.join(', ')}); each level name must be unique`, levels);
    seen.add(level);
  }
  return out;
}

/** Human list of levels for messages: "central → province → district → cell". */
export function describeLevels(levels: readonly string[]): string {
  return levels.join(' → ');
}
