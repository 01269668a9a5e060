/**
 * A liveness file for container health checks: while the worker runs, its modification time is
 * refreshed every `intervalMs`; a health check that finds it older than a few intervals knows
 * this replica's worker has stopped polling (crashed loop, shutdown, wedged event loop), which
 * a check against the shared task queue could not tell apart from another replica's pollers.
 */
import fs from 'node:fs';

export interface LivenessFile {
  stop(): void;
}

/** Touches `path` now and every `intervalMs` while `isRunning()` holds; stops on its own when it no longer does. */
export function startLivenessFile(path: string, isRunning: () => boolean, intervalMs = 15_000): LivenessFile {
  const touch = () => {
    const now = new Date();
    try {
      fs.utimesSync(path, now, now);
    } catch {
      fs.writeFileSync(path, '');
    }
  };
  const beat = () => {
    if (isRunning()) touch();
    else stop();
  };
  const timer = setInterval(beat, intervalMs);
  timer.unref();
  const stop = () => clearInterval(timer);
  beat();
  return { stop };
}
