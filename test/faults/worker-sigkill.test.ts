// The worker SIGKILLed mid-launch on the dev server (test/faults/worker-sigkill-scenario.ts).
import { startOwnTemporal } from './own-temporal';
import { workerSigkillScenario } from './worker-sigkill-scenario';

workerSigkillScenario('the dev server', 'worker-sigkill', () => startOwnTemporal('sigkill'));
