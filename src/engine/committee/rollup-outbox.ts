/**
 * What a committee last told its parent about its subtree rollup: whether anything changed since
 * the last message, and the sequence number the parent orders messages by. A message goes up on
 * the journal activity when there is one (a report's own round trip), otherwise by signal.
 * Whether there is something to send is decided by the change count, never by comparing figures:
 * figures move with the workflow's time (pending becomes overdue) even when nothing happened. The
 * workflow spaces messages in workflow time (see pumpJournalAndRollup). No Temporal imports.
 */
import type { CommitteeState } from './state';
import type { ChildRollupMessage } from '../protocol';

export class RollupOutbox {
  private takenAtChange: number;

  constructor(
    private readonly state: CommitteeState,
    private readonly childId: string,
  ) {
    // The launch activity sent the first message already (none for the root, which has no parent).
    this.takenAtChange = state.launchRollupSentAtChange ?? -1;
  }

  /** True when the subtree changed since the last message was taken. */
  hasChanges(): boolean {
    return this.state.changeCount !== this.takenAtChange;
  }

  /** The message to send now: the rollup at `nowIso`, with the next sequence number. */
  take(nowIso: string, closed: boolean): ChildRollupMessage {
    this.takenAtChange = this.state.changeCount;
    this.state.rollupSeq += 1;
    return { childId: this.childId, rollup: this.state.rollup(nowIso), seq: this.state.rollupSeq, closed };
  }
}
