// `app.inject` loads light-my-request, which requires `cookie` — ESM-only since v2 — and Jest on Node 20
// cannot require ESM. light-my-request uses only `stringifySetCookie`, for inject's `cookies` option (these
// tests pass cookies as a header instead), so this stands in for it. Import this module first.
jest.mock('cookie', () => ({
  stringifySetCookie: (cookie: { name: string; value: string }) => `${cookie.name}=${encodeURIComponent(cookie.value)}`,
}));
