// The production worker process (src/engine/worker/main.ts, configured from the environment) as a child of a
// fault test, so the test can SIGKILL it. The one addition: it exits when its parent goes away
// (stdin closes), so a test process that is itself killed leaves no worker polling behind.
import '../../src/engine/worker/main';

process.stdin.on('end', () => process.exit(1));
process.stdin.resume();
