/**
 * `Content-Disposition: attachment` for a download (RFC 6266): the name as `filename*` in UTF-8
 * (RFC 8187 percent-encoding), which every current browser reads, and an ASCII `filename` for
 * the rest, with anything outside printable ASCII, quotes and backslashes made `_`.
 */
export function attachmentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
