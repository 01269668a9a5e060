/** The dashboard session: the access token kept in an HttpOnly, SameSite=Strict cookie after `?token=` is used once. */

/** Name of the session cookie. */
export const SESSION_COOKIE = 'cascade_session';

/** The value of one cookie from a `Cookie` header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** `Set-Cookie` value holding the token until it expires; Secure when the public URL is https. */
export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  const age = Math.max(0, Math.floor(maxAgeSeconds));
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${age}${secure ? '; Secure' : ''}`;
}

/** `Set-Cookie` value that removes the session cookie (sign-out). */
export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', 0, secure);
}
