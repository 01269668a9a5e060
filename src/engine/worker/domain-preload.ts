/**
 * Loaded once per workflow thread after zod (see shared-workflow-modules.ts): every domain module
 * the workflows use, so that all cached workflows share one instance of each instead of building
 * their schemas, memos and functions again per committee (about a third of a MB each; 769
 * committees at national scale).
 *
 * The SDK deep-freezes what is shared, and zod 4 fills some of a schema lazily: its methods are
 * bound on first read (`schema.safeParse`), derived internals (`optin`, `propValues`, `pattern`,
 * ...) are computed on first read and written onto the schema, both by prototype getters, and the
 * first parse rewrites the schema's parse step. A write onto a frozen schema throws, so every schema
 * the freeze will reach is settled here first (each prototype getter of the schema and of its
 * internals read once, one parse), and its definition frozen, so that the freeze stops there
 * (see settleSchemas). The walk follows what the freeze follows (own properties from each module's
 * exports). test/unit/shared-workflow-modules.test.ts checks that every project module this file
 * reaches is listed here, so none is frozen unsettled; test/unit/shared-schemas-frozen.test.ts
 * freezes them as the SDK does and compares their answers with an unfrozen copy's.
 */
import * as workingCalendar from '../../domain/calendar/working-calendar';
import * as dayNumbers from '../../domain/calendar/day-numbers';
import * as launchJournal from '../../domain/cascade/launch-journal';
import * as commands from '../../domain/directive/commands';
import * as documentNumber from '../../domain/directive/document-number';
import * as unitId from '../../domain/org/unit-id';
import * as fields from '../../domain/text/fields';
import * as numbers from '../../domain/text/numbers';
import * as calendarDate from '../../domain/time/calendar-date';
import * as deadlineSpec from '../../domain/time/deadline-spec';
import * as duration from '../../domain/time/duration';
import * as instant from '../../domain/time/instant';
import * as memo from '../../domain/time/memo';
import * as quarter from '../../domain/time/quarter';
import * as timeError from '../../domain/time/time-error';
import * as time from '../../domain/time/time';
import * as vnTime from '../../domain/time/vn-time';
import * as completionReport from '../../domain/track/completion-report';
import * as reorgTracks from '../../domain/track/reorg-tracks';
import * as rollup from '../../domain/track/rollup';
import * as trackRules from '../../domain/track/track-rules';
import * as trackSchedule from '../../domain/track/track-schedule';
import * as unitTrack from '../../domain/track/unit-track';

/** Reads every getter on `value`'s prototype chain (below Object's and Function's), so lazy ones write their result now. */
function readGetters(value: object): void {
  for (let proto: object | null = value; proto && proto !== Object.prototype && proto !== Function.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(proto))) if (descriptor.get) void (value as Record<string, unknown>)[key];
  }
}

/**
 * Settles every zod schema the freeze will reach from `value` by own properties (read as the SDK's
 * freeze reads them: through getters, webpack's exports being getters), and freezes each schema's
 * definition first, so the SDK's freeze, which stops at what is frozen already, leaves alone what
 * lies only beyond it: the regular expressions zod's checks reset before each test (`lastIndex = 0`),
 * and the schemas nested in it, which then settle lazily as they would in an unshared module.
 */
function settleSchemas(value: unknown, seen = new Set<unknown>()): void {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value)) return;
  seen.add(value);
  const internals = (value as { _zod?: { def?: unknown } })._zod;
  if (typeof value === 'object' && internals && typeof internals === 'object') {
    readGetters(value);
    readGetters(internals);
    // The first parse of a schema rewrites its own parse step (zod's memoizer takes its recursion
    // guard back out of a schema that cannot recurse) before anything else; any input does, even one
    // a transform deep inside cannot take (it throws after the rewrite).
    const { safeParse } = value as { safeParse?: unknown };
    try {
      if (typeof safeParse === 'function') safeParse(undefined);
    } catch {
      // See above.
    }
    const def = internals.def;
    if (def && typeof def === 'object' && !seen.has(def)) {
      seen.add(def);
      // A derived definition (extend, pick, ...) builds its shape on first read and keeps it: read before freezing.
      for (const key of Reflect.ownKeys(def)) void (def as Record<PropertyKey, unknown>)[key];
      Object.freeze(def);
    }
  }
  for (const key of Reflect.ownKeys(value)) {
    // Not into a class's prototype: zod's method getters bind to whatever reads them, and read off the
    // prototype itself they would bind every instance's method to the prototype.
    if (key === 'prototype' && typeof value === 'function') continue;
    settleSchemas((value as Record<PropertyKey, unknown>)[key], seen);
  }
}

/** The modules shared, as the SDK will freeze them (the test of the freeze freezes this list). */
export const SHARED_DOMAIN_MODULES: readonly object[] = [
  workingCalendar,
  dayNumbers,
  launchJournal,
  commands,
  documentNumber,
  unitId,
  fields,
  numbers,
  calendarDate,
  deadlineSpec,
  duration,
  instant,
  memo,
  quarter,
  timeError,
  time,
  vnTime,
  completionReport,
  reorgTracks,
  rollup,
  trackRules,
  trackSchedule,
  unitTrack,
];

settleSchemas(SHARED_DOMAIN_MODULES);
