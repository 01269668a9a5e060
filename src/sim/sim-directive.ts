/**
 * A spec made ready for a dry run as a launch makes it ready (src/app/launch.ts): checked against
 * the organisation copy and the clock, given the working calendar of the years it reaches, and
 * turned into the directive the workflows carry. Nothing is recorded.
 */
import { calendarYears, toRuntime } from '../app/launch';
import type { CalendarBook } from '../app/calendar-book';
import type { DirectiveRuntime } from '../domain/cascade/records';
import { checkDirectiveAgainstOrg } from '../domain/directive/directive-org';
import { DirectiveSpecError, parseDirectiveSpec, type DirectiveSpec } from '../domain/directive/directive';
import { checkLaunchTimes } from '../domain/directive/launch-check';
import type { OrgTree } from '../domain/org/org';

/** A spec ready to run. */
export interface SimDirective {
  spec: DirectiveSpec;
  directive: DirectiveRuntime;
}

/** Checks `specText` against `tree` at `receivedAt`; throws DirectiveSpecError naming each problem, as a launch does. */
export function prepareSimDirective(specText: string, tree: OrgTree, calendars: CalendarBook, receivedAt: string): SimDirective {
  const spec = parseDirectiveSpec(specText);
  const issues = checkDirectiveAgainstOrg(spec, tree);
  if (issues.length) throw new DirectiveSpecError(issues);
  const levels = [
    ...new Set(
      tree
        .subtreeIds(spec.root)
        .filter((id) => id !== spec.root)
        .map((id) => tree.require(id).level),
    ),
  ];
  const plainIssues = checkLaunchTimes(spec, levels, receivedAt);
  if (plainIssues.length) throw new DirectiveSpecError(plainIssues);
  const calendar = calendars.workingCalendar(...calendarYears(spec, levels, receivedAt));
  const timeIssues = checkLaunchTimes(spec, levels, receivedAt, calendar);
  if (timeIssues.length) throw new DirectiveSpecError(timeIssues);
  // No search attributes: the time-skipping test server cannot register the custom ones.
  return { spec, directive: toRuntime(spec, tree, false, calendar) };
}
