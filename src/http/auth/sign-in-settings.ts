/** How people sign in by email: the mailer the API sends sign-in links with (none: links cannot be sent), and the lifetimes. */
import type { AppMailer } from '../../app/sign-in-email';

/** SIGN_IN_LINK_TTL_MINUTES, SESSION_TTL_HOURS and the API's mailer (SMTP_URL, MAIL_FROM). */
export interface SignInSettings {
  mailer: AppMailer | null;
  linkTtlMinutes: number;
  sessionTtlHours: number;
}
