// Child process of smtp-sender.test.ts: sends one message and never calls close(). It must exit
// on its own right after, not when the idle timeout (30 s) closes the connection.
import { createSmtpSender } from '../../src/mail/smtp-sender';

const url = process.argv[2];
if (!url) throw new Error('usage: smtp-sender-idle-child.ts SMTP_URL');
createSmtpSender(url)
  .send({ from: 'no-reply@cascade.test', to: ['idle@cascade.test'] }, 'Subject: idle\r\n\r\nthe connection stays open\r\n')
  .then(
    () => process.stdout.write('sent\n'),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
