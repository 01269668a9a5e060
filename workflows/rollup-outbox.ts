/**
 * What a committee last told its parent about its subtree rollup, shared by the two ways a
 * rollup goes up: riding on a journal write (a report's own activity, no extra round trip) or
 * by the committee's signal pump (changes with nothing to journal, such as child rollups).
 * Whichever takes the change first sends it; the other finds nothing new. No Temporal imports.
 */
import type { CommitteeState } from './committee-state';
import type { ChildRollupMessage } from './definitions';

export class RollupOutbox {
  private takenAtChange = -1;
  private lastKey = '';
  /** Workflow time (ms) of the last message taken; the pump spaces messages from it. */
  lastTakenAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly state: CommitteeState,
    private readonly childId: string,
  ) {}

  /** True when the subtree changed since the last message was taken. */
  hasChanges(): boolean {
    return this.state.changeCount !== this.takenAtChange;
  }

  /**
   * The message to send now, or null when the rollup equals the last one sent (a timer tick that
   * moved nothing, say). Taking it bumps the sequence number the parent orders messages by.
   */
  take(nowIso: string, nowMs: number, closed: boolean): ChildRollupMessage | null {
    this.takenAtChange = this.state.changeCount;
    const rollup = this.state.rollup(nowIso);
    const key = JSON.stringify(rollup) + String(closed);
    if (key === this.lastKey) return null;
    this.lastKey = key;
    this.lastTakenAt = nowMs;
    this.state.rollupSeq += 1;
    return { childId: this.childId, rollup, seq: this.state.rollupSeq, closed };
  }
}
