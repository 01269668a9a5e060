/** The row supervisors list a unit by: read from the projection live, or rebuilt as of an instant. */
import type { TrackStatus } from './unit-track';

/** A row of the unit listing (PostgreSQL projection, eventually consistent with the workflows). */
export interface UnitListing {
  unitId: string;
  name: string;
  level: string;
  parentId: string | null;
  status: TrackStatus;
  deadline: string;
  completedAt: string | null;
  attendees: number | null;
  /** Members the unit reported (null before a report). */
  members: number | null;
  /** Members the directory held for the unit when the directive was launched (its snapshot): shown beside `members` when they differ. */
  directoryMembers: number;
  essaysSubmitted: number | null;
  essaysExpected: number | null;
}
