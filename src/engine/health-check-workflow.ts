/**
 * Completes at once. Starting it and awaiting its result proves that the server accepts work
 * and that a worker on the task queue is polling: the readiness probe behind /healthz.
 */
export async function healthCheckWorkflow(): Promise<'ok'> {
  return 'ok';
}
