/**
 * Opting a unit out of the weekly digest (and back in): the unit itself from its inbox page, the
 * CLI or the API, or the secretariat; the secretariat lists who opted out and when.
 */
import type { Pool } from 'pg';
import { digestOptedOutAt, listDigestOptOuts, recordDigestOptOut, removeDigestOptOut, type DigestOptOutRow } from '../store/digest-opt-outs';
import { directoryUnit } from '../store/unit-inbox';
import { NotFoundError } from './errors';

/** Whether a unit gets the weekly digest. */
export interface DigestPreference {
  unitId: string;
  optedOut: boolean;
  /** Since when it opted out (ISO), null while it gets the digest. */
  optedOutAt: string | null;
}

/** A unit that opted out of the weekly digest. */
export type DigestOptOut = DigestOptOutRow;

/** Whether the unit gets the digest. */
export async function digestPreference(pool: Pool, unitId: string): Promise<DigestPreference> {
  const optedOutAt = await digestOptedOutAt(pool, unitId);
  return { unitId, optedOut: optedOutAt !== null, optedOutAt };
}

/** Opts the unit out (`optOut`) or back in; NotFoundError when the directory has no such unit. */
export async function setDigestOptOut(pool: Pool, unitId: string, optOut: boolean, actor: string): Promise<DigestPreference> {
  if (!(await directoryUnit(pool, unitId))) throw new NotFoundError(`unit ${unitId} is not in the organisation directory`);
  if (optOut) await recordDigestOptOut(pool, unitId, actor);
  else await removeDigestOptOut(pool, unitId);
  return digestPreference(pool, unitId);
}

/** Every unit that opted out, earliest first. */
export function digestOptOuts(pool: Pool): Promise<DigestOptOut[]> {
  return listDigestOptOuts(pool);
}
