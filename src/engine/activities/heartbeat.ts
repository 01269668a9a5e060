/** Activity heartbeats that are a no-op outside an activity, so activities stay plain functions tests can call. */
import { Context } from '@temporalio/activity';

/** Reports progress to Temporal when running as an activity; does nothing when called directly. */
export function heartbeat(details?: unknown): void {
  let context: Context;
  try {
    context = Context.current();
  } catch {
    return; // called outside a worker (tests, scripts): nobody to tell
  }
  context.heartbeat(details);
}
