// The fault tests provoke activity failures on purpose (SMTP refused, PostgreSQL gone), and the
// SDK logs each at WARN with a stack: errors only, so the summaries stay readable.
import { DefaultLogger, Runtime } from '@temporalio/worker';

Runtime.install({ logger: new DefaultLogger('ERROR') });
