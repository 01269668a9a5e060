// Hand-made tracks and reports for the pure unit tests: fixed instants, no clock, no servers.
import { addMs } from '../../src/domain/time/instant';
import type { CompletionReport } from '../../src/domain/track/completion-report';
import { newTrack, type UnitTrack } from '../../src/domain/track/unit-track';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const LEVELS = ['central', 'province', 'district', 'cell'] as const;

/** When the example cell received the directive. */
export const RECEIVED_AT = '2027-03-02T03:00:00.000Z';
/** "30/09/2027": the last millisecond of that day in Vietnam (23:59:59.999 +07:00). */
export const DEADLINE = '2027-09-30T16:59:59.999Z';
/** The first millisecond the example cell is late. */
export const JUST_LATE = addMs(DEADLINE, 1);
/** Well before the deadline and before any reminder. */
export const EARLY = '2027-04-01T03:00:00.000Z';

/** An open cell of district D1 with DEADLINE, plus any overrides. */
export function openTrack(overrides: Partial<UnitTrack> = {}): UnitTrack {
  const unit = { unitId: 'D1-C1', name: 'Chi bộ thôn 1', level: 'cell', parentId: 'D1', members: 20, essaysExpected: 5 };
  return { ...newTrack(unit, RECEIVED_AT, DEADLINE), ...overrides };
}

/** A completion report as it is after validation. */
export function completionReport(overrides: Partial<CompletionReport> = {}): CompletionReport {
  return {
    conferenceDate: '2027-05-10',
    documentDate: '2027-05-12',
    documentNumber: '12-KH/ĐU',
    attendees: 18,
    members: 20,
    essaysSubmitted: 5,
    essaysExpected: 5,
    reportedBy: 'Bí thư chi bộ thôn 1',
    ...overrides,
  };
}
