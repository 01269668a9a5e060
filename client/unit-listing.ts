/** The unit listing's row type, shared by the client that reads it and the CSV export that writes it. */
import type { TrackStatus } from '../domain/unit-track';

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
