// The pure helpers behind the pages: escaping, form-to-report, language links, cookies and log redaction.
import { readCookie, sessionCookie } from '../../src/http/auth/session-cookie';
import { redactUrl } from '../../src/http/log-redaction';
import { html, jsonData } from '../../src/http/pages/html';
import { formatter } from '../../src/http/pages/i18n';
import { issuesByField, reportFromForm } from '../../src/http/pages/report-form';
import { href, otherLangHref } from '../../src/http/pages/views/layout';

test('interpolated values are escaped, markup and lists of markup are kept', () => {
  const name = '<script>alert("x")</script>';
  expect(html`<p title="${name}">${name}${[html`<b>ok</b>`, '&']}</p>`.value).toBe(
    '<p title="&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;">&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;<b>ok</b>&#38;</p>',
  );
  expect(jsonData({ a: '</script><script>' }).value).toBe('{"a":"\\u003c/script>\\u003cscript>"}');
});

test('form text becomes a report: digits become counts, blanks are left for "is required", the rest stays text', () => {
  expect(reportFromForm({ attendees: ' 18 ', members: '1.000', notes: '', reportedBy: 'Bí thư', lang: 'en' })).toEqual({
    attendees: 18,
    members: '1.000',
    reportedBy: 'Bí thư',
  });
  const grouped = issuesByField([
    { path: 'attendees', rule: 'attendees-exceed-members', message: 'm1' },
    { path: '', rule: 'schema', message: 'm2' },
  ]);
  expect([...grouped.keys()]).toEqual(['attendees', '']);
});

test('the language switch keeps the page and drops any token', () => {
  expect(otherLangHref('/dashboard/X?unit=D1&token=abc', 'vi')).toBe('/dashboard/X?unit=D1&lang=en');
  expect(otherLangHref('/dashboard/X?unit=D1&lang=en', 'en')).toBe('/dashboard/X?unit=D1');
  expect(href('/dashboard/X', 'en', { unit: 'D2', skip: undefined })).toBe('/dashboard/X?unit=D2&lang=en');
});

test('figures are written the Vietnamese way by default', () => {
  const vi = formatter('vi');
  expect([vi.fraction(4285, 4478), vi.rate(95.69), vi.rate(null), vi.date('2021-06-30T16:59:59.999Z')]).toEqual(['4.285/4.478', '95,69%', '–', '30/6/2021']);
  expect(formatter('en').fraction(4285, 4478)).toBe('4,285/4,478');
});

test('the session cookie is HttpOnly and SameSite=Strict, Secure on https', () => {
  expect(sessionCookie('t.k', 60.7, true)).toBe('cascade_session=t.k; Path=/; HttpOnly; SameSite=Strict; Max-Age=60; Secure');
  expect(readCookie('a=1; cascade_session=t.k; b=2', 'cascade_session')).toBe('t.k');
  expect(readCookie(undefined, 'cascade_session')).toBeUndefined();
});

test('logged URLs carry no report-link, inbox-link or dashboard token', () => {
  expect(redactUrl('/report/abc.def/confirmation?lang=en')).toBe('/report/[redacted]/confirmation?lang=en');
  expect(redactUrl('/inbox/abc.def?lang=en')).toBe('/inbox/[redacted]?lang=en');
  expect(redactUrl('/dashboard/X?unit=D1&token=abc.def&lang=en')).toBe('/dashboard/X?unit=D1&token=[redacted]&lang=en');
});
