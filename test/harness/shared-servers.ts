/** What global setup started, kept on globalThis for global teardown (same process). */
export interface SharedServers {
  tmp: string;
  stops: Array<() => Promise<void>>;
}
