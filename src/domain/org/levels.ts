/**
 * Organisation levels are data, top first: the seeds show four, the Party since 1 July 2025 has
 * four of another shape, and depth and names vary by era and country. A level is its name (the key
 * units, deadlines and rollups use) and the words people read: this file is the one table of them.
 */
import { z } from 'zod';
import { joinPath, singleLineText } from '../text/fields';

/** How many levels an organisation may have, and how long each text of a level may be (as org_levels holds them). */
export const LEVEL_BOUNDS = { maxLevels: 12, name: 64, label: 100, plural: 200, short: 40 } as const;

/** The Vietnamese and English words for `${at}.${field}` (e.g. `levels[2].label`). */
function words(at: string, field: 'label' | 'plural' | 'short', max: number) {
  const path = `${at}.${field}`;
  return z.strictObject(
    { vi: singleLineText(`${path}.vi`, max), en: singleLineText(`${path}.en`, max) },
    {
      error: (iss) =>
        iss.input === undefined
          ? `${path} is required: give its Vietnamese and English words, { vi, en }`
          : `${path} must be { vi, en }, its Vietnamese and English words`,
    },
  );
}

/** The schema of one level at `at` (`levels[2]`), so every message names the level's index. */
function levelSchema(at: string) {
  return z.strictObject(
    {
      name: singleLineText(`${at}.name`, LEVEL_BOUNDS.name),
      label: words(at, 'label', LEVEL_BOUNDS.label),
      plural: words(at, 'plural', LEVEL_BOUNDS.plural).optional(),
      short: words(at, 'short', LEVEL_BOUNDS.short).optional(),
    },
    { error: `${at} must be a level: { name, label: { vi, en }, plural?: { vi, en }, short?: { vi, en } }` },
  );
}

/**
 * One organisation level: `name` is the key (units' `level`, the spec's deadlines, rollups, CLI
 * options); `label` names the level on pages ("Cấp huyện và tương đương"); `plural` names its
 * units in the results report's sentences ("đảng bộ cấp huyện và tương đương"), `short` in table
 * cells ("Huyện 1/3"); both fall back to the label.
 */
export type LevelDefinition = z.output<ReturnType<typeof levelSchema>>;

// One schema per position, built once: a zod array has one element schema, and the messages must
// name the index (`levels[2].name must not be empty`).
const LEVEL_SCHEMAS = Array.from({ length: LEVEL_BOUNDS.maxLevels }, (_, i) => levelSchema(`levels[${i}]`));

function ruleOf(issue: z.ZodError['issues'][number]): string {
  const rule = issue.code === 'custom' ? (issue.params as { rule?: unknown } | undefined)?.rule : undefined;
  return typeof rule === 'string' ? rule : 'schema';
}

/**
 * A levels list as an organisation file declares it: 1 to 12 levels, top first, each with its own
 * NFC name. Every message names the field as `levels[i].field`; nothing is kept from a bad list.
 */
export const LevelsSchema = z
  .array(z.unknown(), { error: 'levels must be a list of levels, top first: [{ name, label: { vi, en } }, ...]' })
  .min(1, { error: 'levels is empty; declare at least one level, top first' })
  .max(LEVEL_BOUNDS.maxLevels, {
    error: (iss) => `levels has ${(iss.input as unknown[]).length} entries; an organisation has at most ${LEVEL_BOUNDS.maxLevels} levels`,
  })
  .transform((items, ctx): LevelDefinition[] => {
    const out: LevelDefinition[] = [];
    const firstIndex = new Map<string, number>();
    items.forEach((item, i) => {
      const parsed = (LEVEL_SCHEMAS[i] as (typeof LEVEL_SCHEMAS)[number]).safeParse(item);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          // Re-raised under the list, so the path reads levels[i].field wherever the list sits.
          for (const key of issue.code === 'unrecognized_keys' ? issue.keys : [null]) {
            const path = [i, ...issue.path, ...(key === null ? [] : [key])];
            const message = key === null ? issue.message : `levels${joinPath(path)} is not a known field; a level has name, label, plural and short`;
            ctx.addIssue({ code: 'custom', path, message, params: { rule: key === null ? ruleOf(issue) : 'unknown-field' } });
          }
        }
        return;
      }
      const first = firstIndex.get(parsed.data.name);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'name'],
          message: `levels[${i}].name "${parsed.data.name}" is already the name of levels[${first}]; each level needs its own name`,
          params: { rule: 'duplicate-level' },
        });
        return;
      }
      firstIndex.set(parsed.data.name, i);
      out.push(parsed.data);
    });
    return out;
  });

const CENTRAL: LevelDefinition = {
  name: 'central',
  label: { vi: 'Trung ương', en: 'Central' },
  plural: { vi: 'cơ quan Trung ương', en: 'central bodies' },
  short: { vi: 'TW', en: 'Central' },
};

const PROVINCE: LevelDefinition = {
  name: 'province',
  label: { vi: 'Cấp tỉnh', en: 'Province level' },
  plural: { vi: 'tỉnh ủy, thành ủy', en: 'provincial and municipal committees' },
  short: { vi: 'Tỉnh', en: 'Province' },
};

/**
 * The four levels of the 2016–2021 seeds (Central Committee, province, district-level committee,
 * grassroots cell): the levels of every organisation file and database from before levels were
 * declared, so the default wherever none are.
 */
export const DEFAULT_LEVEL_DEFINITIONS: readonly LevelDefinition[] = [
  CENTRAL,
  PROVINCE,
  {
    name: 'district',
    label: { vi: 'Cấp huyện và tương đương', en: 'District level' },
    plural: { vi: 'đảng bộ cấp huyện và tương đương', en: 'district-level committees' },
    short: { vi: 'Huyện', en: 'District' },
  },
  {
    name: 'cell',
    label: { vi: 'Chi bộ, đảng bộ cơ sở', en: 'Party cells, grassroots' },
    plural: { vi: 'chi bộ, đảng bộ cơ sở', en: 'party cells and grassroots organisations' },
    short: { vi: 'Cơ sở', en: 'Cells' },
  },
];

/**
 * The Party's levels since 1 July 2025: no district tier; commune-level committees (đảng bộ xã,
 * phường, đặc khu) sit directly under the province, and the cells (chi bộ) under them.
 */
export const LEVELS_2025: readonly LevelDefinition[] = [
  CENTRAL,
  PROVINCE,
  {
    name: 'commune',
    label: { vi: 'Cấp xã', en: 'Commune level' },
    plural: { vi: 'đảng bộ xã, phường, đặc khu', en: 'commune, ward and special-zone committees' },
    short: { vi: 'Xã', en: 'Commune' },
  },
  {
    name: 'cell',
    label: { vi: 'Chi bộ', en: 'Party cells' },
    plural: { vi: 'chi bộ', en: 'party cells' },
    short: { vi: 'Chi bộ', en: 'Cells' },
  },
];

/** Thrown when a levels list given by a program (not a file) is unusable: empty, blank or repeated names. */
export class LevelsError extends Error {
  override readonly name = 'LevelsError';
  constructor(
    message: string,
    readonly levels: readonly string[],
  ) {
    super(message);
  }
}

/** Checks a list of level names (non-empty, no blanks, no repeats) and returns it NFC-normalised so Vietnamese names compare equal. */
function normaliseLevels(levels: readonly string[]): readonly string[] {
  if (levels.length === 0) throw new LevelsError('levels is empty; give at least one level name, top first, e.g. central, province, commune, cell', levels);
  const out = levels.map((l) => l.normalize('NFC').trim());
  const seen = new Set<string>();
  for (const [i, level] of out.entries()) {
    if (level === '') throw new LevelsError(`levels[${i}] is blank; every level needs a name`, levels);
    if (seen.has(level)) throw new LevelsError(`level "${level}" appears twice in levels (${out.join(', ')}); each level name must be unique`, levels);
    seen.add(level);
  }
  return out;
}

/**
 * Level definitions from what a program passes: definitions as they are, bare names as levels
 * whose words are their name (pages and reports then show the key). Throws LevelsError for an
 * empty list, a blank or a repeated name.
 */
export function toLevelDefinitions(levels: readonly (string | LevelDefinition)[]): readonly LevelDefinition[] {
  const names = normaliseLevels(levels.map((l) => (typeof l === 'string' ? l : l.name)));
  return levels.map((l, i) => {
    const name = names[i] as string;
    return typeof l === 'string' ? { name, label: { vi: name, en: name } } : { ...l, name };
  });
}

/** The names of levels, top first. */
export function levelNames(levels: readonly LevelDefinition[]): string[] {
  return levels.map((l) => l.name);
}

/**
 * How people read a level in `lang`: its label, or (`plural`, `short`) those words, falling back
 * to the label. A name the levels do not define shows as itself.
 */
export function levelWords(levels: readonly LevelDefinition[], name: string, lang: 'vi' | 'en', form: 'label' | 'plural' | 'short' = 'label'): string {
  const level = levels.find((l) => l.name === name);
  if (!level) return name;
  return (form === 'label' ? level.label : (level[form] ?? level.label))[lang];
}

/** True when two levels lists are the same levels with the same words, in the same order. */
export function sameLevels(a: readonly LevelDefinition[], b: readonly LevelDefinition[]): boolean {
  const words = (w: { vi: string; en: string } | undefined) => (w ? `${w.vi}\u0000${w.en}` : '');
  const key = (l: LevelDefinition) => [l.name, words(l.label), words(l.plural), words(l.short)].join('\u0001');
  return a.length === b.length && a.every((l, i) => key(l) === key(b[i] as LevelDefinition));
}

/** Human list of levels for messages: "central → province → district → cell". */
export function describeLevels(levels: readonly string[]): string {
  return levels.join(' → ');
}
