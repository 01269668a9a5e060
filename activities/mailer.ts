import nodemailer, { type Transporter } from 'nodemailer';

/** An SMTP transport for SMTP_URL-style URLs (smtp://user:pass@host:port, smtps://...). */
export function createMailer(smtpUrl: string): Transporter {
  return nodemailer.createTransport(smtpUrl);
}
