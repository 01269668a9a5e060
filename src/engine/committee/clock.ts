/** The workflow's clock as ISO text: inside a workflow `Date` is Temporal's deterministic time, the same in every replay. */
export const nowIso = (): string => new Date().toISOString();
