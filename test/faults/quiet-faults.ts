// The fault tests provoke failures on purpose (SMTP refused, PostgreSQL or Temporal gone), and the
// SDK logs each at WARN, the TS side with a stack and the native side once per gRPC retry:
// errors only, so the summaries stay readable.
import { DefaultLogger, Runtime } from '@temporalio/worker';

Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });
