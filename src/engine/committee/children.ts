/** A committee's children: the child workflows it starts, and the withdrawal it passes down to them. */
import { getExternalWorkflowHandle, ParentClosePolicy, startChild, WorkflowIdReusePolicy } from '@temporalio/workflow';
import type { CommitteeState } from './state';
import { committeeWorkflowId, withdrawSignal, type CommitteeInput, type CommitteeResult, type WithdrawCommand } from '../protocol';
import { deadlineFor } from '../../domain/cascade/launch-journal';
import { DeadlineKey, DirectiveKey, LevelKey, ParentKey, StatusKey, UnitKey } from '../search-attributes';
import { nowIso } from './clock';

/** Child starts in flight at once (Temporal allows 2,000 pending children per workflow). */
const CHILD_START_BATCH = 500;

/** The committee workflow itself, passed in so this module does not import the one that imports it. */
export type CommitteeWorkflow = (input: CommitteeInput) => Promise<CommitteeResult>;

/** Starts (or finds already running) the child workflow of each committee under this one; returns their results. */
export async function startChildCommittees(workflow: CommitteeWorkflow, input: CommitteeInput, state: CommitteeState): Promise<Promise<unknown>[]> {
  const results: Promise<unknown>[] = [];
  const { directive } = input;
  const children = state.childCommittees();
  const receivedAt = nowIso();
  const parentWorkflowId = committeeWorkflowId(directive.id, input.unitId);
  for (let i = 0; i < children.length; i += CHILD_START_BATCH) {
    await Promise.all(
      children.slice(i, i + CHILD_START_BATCH).map(async (child) => {
        const deadline = directive.deadlines[child.level] ? new Date(deadlineFor(directive, child.level, receivedAt)) : undefined;
        try {
          const handle = await startChild(workflow, {
            workflowId: committeeWorkflowId(directive.id, child.unitId),
            args: [{ directive, unitId: child.unitId, parentWorkflowId, ancestors: [input.unitId, ...input.ancestors], receivedAt }],
            // Children outlive a parent's continue-as-new; withdrawal reaches them by signal.
            parentClosePolicy: ParentClosePolicy.ABANDON,
            workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
            typedSearchAttributes: directive.searchAttributes
              ? [
                  { key: DirectiveKey, value: directive.id },
                  { key: LevelKey, value: child.level },
                  { key: UnitKey, value: child.unitId },
                  { key: ParentKey, value: input.unitId },
                  { key: StatusKey, value: 'pending' },
                  ...(deadline ? [{ key: DeadlineKey, value: deadline }] : []),
                ]
              : [],
          });
          results.push(handle.result());
        } catch (err) {
          // Already started by an earlier run of this committee: the deterministic id makes it the same child.
          if (!(err instanceof Error && err.name === 'WorkflowExecutionAlreadyStartedError')) throw err;
        }
      }),
    );
  }
  return results;
}

/** Tells each committee below that the directive was withdrawn. */
export async function signalChildrenWithdrawn(directiveId: string, state: CommitteeState, command: WithdrawCommand & { at: string }): Promise<void> {
  await Promise.all(
    state.childCommittees().map(async (child) => {
      try {
        await getExternalWorkflowHandle(committeeWorkflowId(directiveId, child.unitId)).signal(withdrawSignal, command);
      } catch {
        // A child that already finished needs no signal.
      }
    }),
  );
}
