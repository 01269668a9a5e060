/**
 * The sign-in email: one message, Vietnamese then English, with the link and until when it works.
 * Sent by the API process itself through the same SMTP settings as the worker's emails (SMTP_URL,
 * MAIL_FROM): it must arrive within the link's few minutes, and there is nothing to retry or
 * deduplicate that a workflow would add (the person asks again).
 */
import crypto from 'node:crypto';
import { escapeHtml } from '../domain/report/email-templates';
import { formatVnNumericDateTime } from '../domain/time/time';
import { headerSafeAddress, headerSafeMailbox, headerSafeName } from '../mail/mail-headers';
import { buildMimeMessage, type Mailbox } from '../mail/mime-message';
import type { MailSender } from '../mail/smtp-sender';
import type { SignInRequest } from './sessions';

/** How the API process sends email: a sender and the From mailbox (MAIL_FROM). */
export interface AppMailer {
  sender: MailSender;
  from: Mailbox;
}

/** The subject, plain text and HTML of a sign-in email. */
export function renderSignInEmail(request: SignInRequest): { subject: string; text: string; html: string } {
  const until = formatVnNumericDateTime(request.expiresAt);
  const subject = 'Liên kết đăng nhập / Sign-in link';
  const vi = [
    `Kính gửi ${request.person.name},`,
    '',
    'Mở liên kết dưới đây để đăng nhập vào hệ thống theo dõi triển khai chỉ thị:',
    request.link,
    '',
    `Liên kết chỉ dùng được một lần và hết hạn lúc ${until} (giờ Việt Nam). Nếu bạn không yêu cầu đăng nhập, hãy bỏ qua thư này.`,
  ];
  const en = [
    `Dear ${request.person.name},`,
    '',
    'Open the link below to sign in to the directive tracking system:',
    request.link,
    '',
    `The link works once and expires at ${until} (Vietnam time). If you did not ask to sign in, ignore this email.`,
  ];
  const text = [...vi, '', '---', '', ...en, ''].join('\n');
  const para = (lines: string[]) =>
    `<p>${escapeHtml(lines[0] ?? '')}</p><p>${escapeHtml(lines[2] ?? '')}<br><a href="${escapeHtml(request.link)}">${escapeHtml(request.link)}</a></p><p>${escapeHtml(lines[5] ?? '')}</p>`;
  const html = `<!doctype html><html><body>${para(vi)}<hr>${para(en)}</body></html>`;
  return { subject, text, html };
}

/** Sends the sign-in email to its person; rejects with the SMTP error (the caller logs it: the person is not told). */
export async function sendSignInEmail(mailer: AppMailer, request: SignInRequest): Promise<void> {
  const address = headerSafeAddress(request.person.email);
  if (!address) throw new Error(`person ${request.person.id} has no usable email address`);
  const rendered = renderSignInEmail(request);
  const raw = buildMimeMessage({
    from: mailer.from,
    to: { name: headerSafeName(request.person.name), address },
    ...rendered,
    messageId: `<sign-in.${crypto.randomUUID()}@directive-cascade>`,
    date: new Date(),
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Cascade-Kind': 'sign-in' },
  });
  await mailer.sender.send({ from: mailer.from.address, to: [address] }, raw);
}

/** The API's mailer from a sender and MAIL_FROM (already checked by the configuration to be one mailbox). */
export function appMailer(sender: MailSender, mailFrom: string): AppMailer {
  const from = headerSafeMailbox(mailFrom);
  if (!from) throw new Error(`MAIL_FROM must be one sender on one line, got ${JSON.stringify(mailFrom)}`);
  return { sender, from };
}
