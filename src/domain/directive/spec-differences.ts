/**
 * What differs between the spec a directive was launched with and a spec launched again under
 * the same id. Compared by meaning, not spelling: `30/6/2027` and `2027-06-30`, `-14d` and
 * `-P14D` are the same. A relaunch that differs is refused naming these fields, because nothing
 * of a running cascade can be changed by launching it again.
 */
import { parseDeadlineSpec } from '../time/deadline-spec';
import type { DirectiveSpec } from './directive';
import { parseOffset } from '../time/duration';
import type { FieldIssue } from '../text/fields';

/** Canonical text of a value by meaning, or its JSON when it cannot be read (a spec stored under older rules). */
function meaning(read: () => unknown, raw: unknown): string {
  try {
    return JSON.stringify(read());
  } catch {
    return JSON.stringify(raw ?? null);
  }
}

const shown = (value: unknown): string => (value === undefined ? 'nothing' : typeof value === 'string' ? `"${value}"` : JSON.stringify(value));

/**
 * The fields in which `incoming` differs from `stored` (the spec recorded at the first launch, as
 * JSON from the database), each an issue naming the field and both values. Empty when the two
 * mean the same directive.
 */
export function specDifferences(stored: Record<string, unknown>, incoming: DirectiveSpec): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const differ = (path: string, was: unknown, now: unknown) =>
    issues.push({
      path,
      rule: 'differs-from-running',
      message: `${path} is ${shown(now)} here but ${shown(was)} in the directive already launched under this id`,
    });

  for (const field of ['code', 'title', 'issuer', 'issuedOn', 'root', 'language'] as const) {
    if (stored[field] !== incoming[field]) differ(field, stored[field], incoming[field]);
  }

  // Specs recorded before the field existed kept their dates, which is its default.
  const storedDayOff = stored.deadlineOnDayOff ?? 'keep';
  if (storedDayOff !== incoming.deadlineOnDayOff) differ('deadlineOnDayOff', storedDayOff, incoming.deadlineOnDayOff);

  if (JSON.stringify(stored.periodic ?? null) !== JSON.stringify(incoming.periodic ?? null)) differ('periodic', stored.periodic, incoming.periodic);
  // A secret directive's id is its own (src/security/secret-directive-id.ts), so only its readers can differ.
  if (JSON.stringify(stored.readers ?? null) !== JSON.stringify(incoming.readers ?? null)) differ('readers', stored.readers, incoming.readers);

  const storedDeadlines = (stored.deadlines ?? {}) as Record<string, unknown>;
  const levels = [...new Set([...Object.keys(storedDeadlines), ...Object.keys(incoming.deadlines)])].sort();
  for (const level of levels) {
    const [was, now] = [storedDeadlines[level], incoming.deadlines[level]];
    const same = was !== undefined && now !== undefined && meaning(() => parseDeadlineSpec(String(was)), was) === meaning(() => parseDeadlineSpec(now), now);
    if (!same) differ(`deadlines.${level}`, was, now);
  }

  for (const field of ['reminders', 'escalation'] as const) {
    const was = stored[field];
    const now = incoming[field];
    const same = Array.isArray(was) && meaning(() => was.map((o) => parseOffset(String(o))), was) === meaning(() => now.map(parseOffset), now);
    if (!same) differ(field, was, now);
  }
  return issues;
}
