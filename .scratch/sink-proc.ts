import { startSmtpSink } from '../infra/smtp-sink';
(async () => { const s = await startSmtpSink(); console.log(s.port); setInterval(() => { s.messages.length = 0; }, 1000); })();
