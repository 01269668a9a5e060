/**
 * The failure converter of an encrypted deployment (PAYLOAD_ENCRYPTION_KEY set), loaded by path
 * both into Temporal's workflow sandbox (the bundle) and into the worker's activities and the
 * clients: a failure's message and stack trace travel inside its encoded attributes, which the
 * payload codec encrypts, so Temporal stores neither in the clear (a message may name a unit or
 * quote a refused value). Clients with the same data converter read them back unchanged; the
 * failure's type, which the API maps to its answers, stays readable. Workflow-safe: it imports
 * only Temporal's common package.
 */
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
