/** Where the embedded PostgreSQL of `npm start` is reached: its one user and the URL with its password. */

/** The one user of the embedded server (PGlite has no others). */
export const EMBEDDED_PG_USER = 'postgres';

/** postgres://postgres:<password>@127.0.0.1:<port>/postgres; without a password when none is known (the server then refuses, 28P01). */
export function embeddedPostgresUrl(port: number, password: string | null): string {
  const credentials = password === null ? EMBEDDED_PG_USER : `${EMBEDDED_PG_USER}:${encodeURIComponent(password)}`;
  return `postgres://${credentials}@127.0.0.1:${port}/postgres`;
}
