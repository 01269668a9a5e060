/**
 * The filters every list shares (search, status, level, subtree) where they need more than SQL: a
 * level checked against the levels in force, the directive list narrowed in memory, the directory
 * listing's paging.
 */
import type { Pool } from 'pg';
import { levelNames, type LevelDefinition } from '../domain/org/levels';
import type { OrgUnit } from '../domain/org/org';
import { foldForSearch, searchPattern } from '../domain/text/search-fold';
import { listDirectoryUnits } from '../store/directory-listing';
import { InputError, NotFoundError } from './errors';

/** What a directive's `status` column holds: running, or withdrawn by the secretariat. */
export const DIRECTIVE_STATUSES = ['active', 'withdrawn'] as const;

/** A directive's status as the list filters it. */
export type DirectiveStatus = (typeof DIRECTIVE_STATUSES)[number];

/**
 * Refuses a level the list cannot hold (400 naming the field and the levels there are): a typo
 * would otherwise answer an empty list, as if no unit matched.
 */
export function requireKnownLevel(levels: readonly LevelDefinition[], level: string, where: string, field = 'level'): void {
  const names = levelNames(levels);
  if (names.includes(level)) return;
  const message = `${field} "${level}" is not a level of ${where}; use one of ${names.join(', ')}`;
  throw new InputError(message, [{ path: field, rule: 'unknown-level', message }]);
}

/** Narrowing of the directive list: text in its code, title or id (accents aside), and its statuses. */
export interface DirectiveFilter {
  search?: string;
  status?: readonly DirectiveStatus[];
}

/** The directives that pass `filter`, in their order. The list is small (one row per directive), so it is narrowed here, with the same fold as SQL's. */
export function filterDirectives<T extends { id: string; code: string; title: string; status: string }>(
  directives: readonly T[],
  filter: DirectiveFilter,
): T[] {
  const wanted = filter.search === undefined ? '' : foldForSearch(filter.search);
  return directives.filter(
    (d) =>
      (filter.status === undefined || (filter.status as readonly string[]).includes(d.status)) &&
      (wanted === '' || [d.code, d.title, d.id].some((text) => foldForSearch(text).includes(wanted))),
  );
}

/** Narrowing and paging of the directory listing; `under` takes the unit itself too. */
export interface DirectoryFilter {
  search?: string;
  level?: string;
  under?: string;
  limit?: number;
  offset?: number;
}

/** The directory's units that pass `filter`, ordered by id and paged, with how many pass; an unknown level is refused. */
export async function listDirectory(pool: Pool, levels: readonly LevelDefinition[], filter: DirectoryFilter): Promise<{ total: number; units: OrgUnit[] }> {
  if (filter.level !== undefined) requireKnownLevel(levels, filter.level, 'the directory');
  return listDirectoryUnits(pool, {
    searchPattern: searchPattern(filter.search),
    level: filter.level ?? null,
    under: filter.under ?? null,
    limit: Math.min(Math.max(filter.limit ?? 50, 1), 1000),
    offset: Math.max(filter.offset ?? 0, 0),
  });
}

/** The directives among `directives` whose snapshot holds `unitId` (that reach it), in their order. */
export async function directivesReaching<T extends { id: string }>(
  lookup: { ancestors(directiveId: string, unitId: string): Promise<string[]> },
  directives: readonly T[],
  unitId: string,
): Promise<T[]> {
  const reaches = await Promise.all(
    directives.map((d) =>
      lookup.ancestors(d.id, unitId).then(
        () => true,
        (err: unknown) => {
          if (err instanceof NotFoundError) return false;
          throw err;
        },
      ),
    ),
  );
  return directives.filter((_d, i) => reaches[i]);
}

/** The directive list's filters as the API, the dashboard and the CLI take them. */
export interface DirectiveListQuery {
  q?: string | undefined;
  status?: readonly DirectiveStatus[] | undefined;
  /** Only the directives that reach this unit (whoever asks must be allowed to read it). */
  under?: string | undefined;
}

/** `directives` narrowed by search, status and the unit they must reach, in their order. */
export async function narrowDirectives<T extends { id: string; code: string; title: string; status: string }>(
  lookup: { ancestors(directiveId: string, unitId: string): Promise<string[]> },
  directives: readonly T[],
  query: DirectiveListQuery,
): Promise<T[]> {
  const matching = filterDirectives(directives, { search: query.q, status: query.status });
  return query.under === undefined ? matching : directivesReaching(lookup, matching, query.under);
}
