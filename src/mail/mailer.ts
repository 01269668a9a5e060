import { createSmtpSender, type MailSender } from './smtp-sender';

/** Options of createMailer. */
export interface MailerOptions {
  /**
   * Keep up to `maxConnections` SMTP connections open and reuse them: about 4× the throughput of
   * one connection per email (measured against the loopback sink). The owner must `close()` it at shutdown.
   */
  pooled?: boolean;
  /** Connections a pooled mailer keeps (default 8, sendEmails' concurrency). */
  maxConnections?: number;
}

/**
 * A sender of finished messages for SMTP_URL-style URLs (smtp://user:pass@host:port, smtps://...):
 * pooled, or one connection per message (opened for it, closed after), as the old nodemailer
 * transports were. Either way nothing is connected until the first message.
 */
export function createMailer(smtpUrl: string, opts: MailerOptions = {}): MailSender {
  if (!opts.pooled) return createSmtpSender(smtpUrl, { maxConnections: Infinity, maxMessagesPerConnection: 1 });
  return createSmtpSender(smtpUrl, { maxConnections: opts.maxConnections ?? 8 });
}
