// Attachments to reports on real servers (PostgreSQL, the dev server, a worker, the app listening):
// uploaded by the unit, listed in its timeline, downloaded byte for byte with their own type; an
// oversized or disguised file refused naming the rule with nothing stored; out-of-scope readers
// refused; a correction's file replacing the earlier one, which stays downloadable.
import { createHash } from 'node:crypto';
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { MAX_ATTACHMENT_BYTES } from '../../src/domain/attachment/file-kind';
import { startApiServer, type ApiServer } from '../../src/http/server';
import { startCascadeEnv, TEST_BASE_URL, type CascadeEnv } from '../harness/cascade-env';
import { launchChromium } from '../harness/chromium';
import { SMALL_ORG, smallReport, smallSpec } from '../engine/small-org';
import { docxBytes, PNG_BYTES, pdfBytes } from '../fixtures/attachment-files';
import type { AttachmentRow } from '../../src/store/attachments';
import type { TimelineEntry } from '../../src/store/directory-queries';
import type { IssueBody } from '../../src/http/errors/error-mapping';
import { callServer, linkToken, noticeLink, testAppDeps, tokenFor } from './api-fixtures';

const today = vnIsoDate(new Date().toISOString());
const year = Number(today.slice(0, 4)) + 1;
let env: CascadeEnv;
let server: ApiServer;
let directiveId: string;

beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: false });
  await env.importOrg(SMALL_ORG);
  server = await startApiServer({ ...testAppDeps(env.cascade), port: 0, logger: false, pollIntervalMs: 1000 });
  directiveId = (await env.cascade.launch(smallSpec('121-CT/TW', today, year))).directiveId;
  await noticeLink(env, directiveId, 'D1-C1');
  for (const unit of ['D1-C1', 'D1-C2', 'D2-C1', 'D3-C1']) await env.cascade.report(directiveId, unit, smallReport(unit, today), `unit ${unit}`);
}, 180_000);
afterAll(async () => {
  await server?.close();
  await env?.stop();
});

/** What an upload answers: the attachment stored, or the refusal. */
interface UploadAnswer {
  attachment: AttachmentRow;
  replaced: string | null;
  error?: string;
  message: string;
  issues?: IssueBody[];
}

const url = (unit: string, rest = '') => `/api/directives/${directiveId}/units/${unit}/attachments${rest}`;

/** Uploads `bytes` as multipart/form-data (field `file`) with the declared name and type. */
async function upload(unit: string, token: string, bytes: Uint8Array, name: string, declared: string) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type: declared }), name);
  const response = await fetch(`${server.url}${url(unit)}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  return { status: response.status, body: (await response.json()) as UploadAnswer };
}

/** Rows of the attachment tables and attachment records in the audit trail, for "nothing stored". */
async function stored(): Promise<{ attachments: number; chunks: number; audit: number }> {
  const { rows } = await env.db.pool.query(
    `SELECT (SELECT count(*) FROM attachments)::int AS attachments, (SELECT count(*) FROM attachment_chunks)::int AS chunks,
            (SELECT count(*) FROM audit_log WHERE kind = 'attachment')::int AS audit`,
  );
  return rows[0];
}

async function download(unit: string, id: string, token: string) {
  const response = await fetch(`${server.url}${url(unit, `/${id}`)}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

test('a unit attaches its plan: listed in its timeline, downloaded with the same bytes and type, as an attachment', async () => {
  const docx = docxBytes('Kế hoạch 30-KH/ĐU');
  const name = "Kế hoạch số 30 (học tập) it's.docx";
  const up = await upload('D1-C1', tokenFor('unit', 'D1-C1'), docx, name, 'application/octet-stream');
  expect(up.status).toBe(201);
  const type = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  const sha256 = createHash('sha256').update(docx).digest('hex');
  expect(up.body).toMatchObject({
    attachment: { name, contentType: type, size: docx.length, sha256, uploadedBy: 'unit-D1-C1', replacedBy: null },
    replaced: null,
  });
  const id = up.body.attachment.id as string;

  const timeline = await callServer(server.url, 'GET', `/api/directives/${directiveId}/units/D1-C1/timeline`, tokenFor('supervisor', 'D1'));
  const entry = (timeline.body.entries as TimelineEntry[]).find((e) => e.kind === 'attachment');
  expect(entry).toMatchObject({ actor: 'unit-D1-C1', payload: { attachmentId: id, name, contentType: type, size: docx.length, sha256, replaces: null } });

  for (const reader of [tokenFor('unit', 'D1-C1'), tokenFor('supervisor', 'QN'), tokenFor('inspector', 'QN'), tokenFor('secretariat')]) {
    const got = await download('D1-C1', id, reader);
    expect(got.status).toBe(200);
    expect(got.bytes.equals(docx)).toBe(true);
    expect(got.headers.get('content-type')).toBe(type);
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.headers.get('content-disposition')).toBe(
      `attachment; filename="K_ ho_ch s_ 30 (h_c t_p) it's.docx"; filename*=UTF-8''K%E1%BA%BF%20ho%E1%BA%A1ch%20s%E1%BB%91%2030%20%28h%E1%BB%8Dc%20t%E1%BA%ADp%29%20it%27s.docx`,
    );
  }
});

test('a file over 20 MiB, streamed, is refused naming the size rule, and nothing is stored', async () => {
  const before = await stored();
  const boundary = 'cascade-test-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const block = Buffer.alloc(1024 * 1024, 0x20);
  let left = MAX_ATTACHMENT_BYTES + 1 - 9;
  let sentHead = false;
  // 20 MiB + 1 byte of file, produced a MiB at a time as the request is sent.
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!sentHead) {
        sentHead = true;
        controller.enqueue(head);
      } else if (left > 0) {
        const n = Math.min(left, block.length);
        left -= n;
        controller.enqueue(block.subarray(0, n));
      } else {
        controller.enqueue(tail);
        controller.close();
      }
    },
  });
  const response = await fetch(`${server.url}${url('D1-C2')}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokenFor('unit', 'D1-C2')}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
    body,
    duplex: 'half',
  } as RequestInit);
  const answer = (await response.json()) as UploadAnswer;
  expect(response.status).toBe(413);
  expect(answer).toMatchObject({ error: 'AttachmentTooLarge', issues: [{ path: 'file', rule: 'attachment-size' }] });
  expect(answer.message).toContain('larger than 20 MiB (20,971,520 bytes)');
  expect(await stored()).toEqual(before);
  expect((await env.cascade.attachments(directiveId, 'D1-C2')).length).toBe(0);
}, 60_000);

test('a PNG named .pdf and declared application/pdf is stored as the PNG it is', async () => {
  const up = await upload('D2-C1', tokenFor('unit', 'D2-C1'), PNG_BYTES, 'bien-ban.pdf', 'application/pdf');
  expect(up.status).toBe(201);
  expect(up.body.attachment).toMatchObject({ name: 'bien-ban.pdf', contentType: 'image/png', size: PNG_BYTES.length });
  const got = await download('D2-C1', up.body.attachment.id, tokenFor('unit', 'D2-C1'));
  expect([got.headers.get('content-type'), got.bytes.equals(PNG_BYTES)]).toEqual(['image/png', true]);
});

test('an executable or HTML page disguised as a PDF is refused naming the type rule, and nothing is stored', async () => {
  const before = await stored();
  const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00', 'latin1'), Buffer.alloc(4096)]);
  const page = Buffer.from('<!DOCTYPE html><html><body><script>document.cookie</script></body></html>');
  for (const [bytes, name] of [
    [exe, 'ke-hoach.pdf'],
    [page, 'bien-ban.pdf'],
  ] as const) {
    const up = await upload('D3-C1', tokenFor('unit', 'D3-C1'), bytes, name, 'application/pdf');
    expect([up.status, up.body.error, up.body.issues]).toEqual([415, 'AttachmentType', [expect.objectContaining({ path: 'file', rule: 'attachment-type' })]]);
    expect(up.body.message).toContain('must be a PDF, DOCX, PNG or JPEG file, told from its content');
  }
  // An empty file is a refusal of its own.
  const empty = await upload('D3-C1', tokenFor('unit', 'D3-C1'), new Uint8Array(0), 'trong.pdf', 'application/pdf');
  expect([empty.status, empty.body.issues?.[0]?.rule]).toEqual([400, 'attachment-empty']);
  expect(await stored()).toEqual(before);
});

test('only the unit itself uploads, only readers in scope download: a supervisor out of scope is 403', async () => {
  const up = await upload('D1-C1', tokenFor('unit', 'D1-C1'), pdfBytes(3000), 'bien-ban.pdf', 'application/pdf');
  expect(up.status).toBe(201);
  const id = up.body.attachment.id as string;
  expect((await download('D1-C1', id, tokenFor('supervisor', 'D2'))).status).toBe(403);
  expect((await download('D1-C1', id, tokenFor('unit', 'D1-C2'))).status).toBe(403);
  expect((await callServer(server.url, 'GET', url('D1-C1'), tokenFor('supervisor', 'D2'))).status).toBe(403);
  // Another unit's id under this unit's path is not found, so a path cannot borrow a reader's scope.
  const other = await upload('D2-C1', tokenFor('unit', 'D2-C1'), PNG_BYTES, 'anh.png', 'image/png');
  expect((await download('D1-C1', other.body.attachment.id, tokenFor('supervisor', 'D1'))).status).toBe(404);
  const before = await stored();
  for (const writer of [tokenFor('unit', 'D1-C2'), tokenFor('supervisor', 'QN'), tokenFor('inspector', 'QN'), tokenFor('secretariat', 'QN')])
    expect((await upload('D1-C1', writer, pdfBytes(100), 'x.pdf', 'application/pdf')).status).toBe(403);
  expect(await stored()).toEqual(before);
});

test('a unit that has not reported is told to report first (409) and nothing is stored', async () => {
  const before = await stored();
  const up = await upload('D2-C2', tokenFor('unit', 'D2-C2'), pdfBytes(100), 'ke-hoach.pdf', 'application/pdf');
  expect([up.status, up.body.error]).toEqual([409, 'not-reported']);
  expect(await stored()).toEqual(before);
});

test('a correction sent on the report form with a file replaces the attachment; the old one stays listed, marked, downloadable', async () => {
  const token = linkToken(await noticeLink(env, directiveId, 'D1-C1'));
  const [current] = (await env.cascade.attachments(directiveId, 'D1-C1')).filter((a) => a.replacedAt === null);
  // The correction form names the file it would replace.
  expect(await (await fetch(`${server.url}/report/${token}`)).text()).toContain(`Tệp đã gửi: ${current?.name} (lúc `);
  const form = new FormData();
  for (const [field, value] of Object.entries(smallReport('D1-C1', today, 17))) form.append(field, String(value));
  const minutes = pdfBytes(5000);
  form.append('file', new Blob([new Uint8Array(minutes)], { type: 'application/pdf' }), 'Biên bản hội nghị.pdf');
  const posted = await fetch(`${server.url}/report/${token}`, { method: 'POST', body: form, redirect: 'manual' });
  expect(posted.status).toBe(303);
  expect((await env.cascade.unit(directiveId, 'D1-C1')).report?.attendees).toBe(17);

  const list = (await callServer(server.url, 'GET', url('D1-C1'), tokenFor('inspector', 'QN'))).body.attachments as AttachmentRow[];
  const latest = list[list.length - 1] as AttachmentRow;
  expect(latest).toMatchObject({
    name: 'Biên bản hội nghị.pdf',
    contentType: 'application/pdf',
    size: minutes.length,
    replacedBy: null,
    uploadedBy: 'report link of D1-C1',
  });
  expect(list.find((a) => a.id === current?.id)).toMatchObject({ replacedBy: latest.id, replacedAt: expect.any(String) });
  expect(list.filter((a) => a.replacedAt === null)).toHaveLength(1);
  const timeline = await callServer(server.url, 'GET', `/api/directives/${directiveId}/units/D1-C1/timeline`, tokenFor('secretariat'));
  const last = (timeline.body.entries as TimelineEntry[]).filter((e) => e.kind === 'attachment').pop();
  expect(last?.payload).toMatchObject({ attachmentId: latest.id, replaces: current?.id });
  const old = await download('D1-C1', current?.id as string, tokenFor('supervisor', 'D1'));
  expect([old.status, old.headers.get('content-type')]).toEqual([200, current?.contentType]);
  expect(old.bytes.length).toBe(current?.size);
});

test('a refused file on the report form files no report either, and the form names the rule', async () => {
  const token = linkToken(await noticeLink(env, directiveId, 'D3-C2'));
  const form = new FormData();
  for (const [field, value] of Object.entries(smallReport('D3-C2', today))) form.append(field, String(value));
  form.append('file', new Blob(['<html>not a plan</html>'], { type: 'application/pdf' }), 'ke-hoach.pdf');
  const before = await stored();
  const posted = await fetch(`${server.url}/report/${token}`, { method: 'POST', body: form, redirect: 'manual' });
  expect(posted.status).toBe(415);
  expect(await posted.text()).toContain('data-rule="attachment-type"');
  expect((await env.cascade.unit(directiveId, 'D3-C2')).report).toBeNull();
  expect(await stored()).toEqual(before);
});

test('the unit page lists each attached file in the timeline with its download link, the replaced one marked', async () => {
  const signIn = await fetch(`${server.url}/dashboard/${directiveId}/units/D1-C1?token=${tokenFor('supervisor', 'D1')}`, { redirect: 'manual' });
  const cookie = signIn.headers.get('set-cookie')?.split(';')[0] ?? '';
  const page = signIn.status === 200 ? signIn : await fetch(`${server.url}/dashboard/${directiveId}/units/D1-C1`, { headers: { cookie } });
  const html = await page.text();
  const files = await env.cascade.attachments(directiveId, 'D1-C1');
  expect(files.length).toBeGreaterThan(1);
  for (const f of files) expect(html).toContain(`href="/api/directives/${directiveId}/units/D1-C1/attachments/${f.id}" download>Tải về</a>`);
  // Every file but the current one was replaced, and says so.
  expect(html.match(/class="muted ev-replaced">\(đã được thay bằng tệp sau\)/g)).toHaveLength(files.length - 1);
  expect(html).toContain('Biên bản hội nghị.pdf (PDF, 5 KB)');
});

test('a refused report on the report form keeps no file: the staged upload is discarded', async () => {
  const token = linkToken(await noticeLink(env, directiveId, 'D3-C2'));
  const form = new FormData();
  for (const [field, value] of Object.entries(smallReport('D3-C2', today, 25, 20))) form.append(field, String(value));
  form.append('file', new Blob([new Uint8Array(pdfBytes(2000))], { type: 'application/pdf' }), 'ke-hoach.pdf');
  const before = await stored();
  const posted = await fetch(`${server.url}/report/${token}`, { method: 'POST', body: form, redirect: 'manual' });
  expect(posted.status).toBe(400);
  expect(await posted.text()).toContain('data-rule="attendees-exceed-members"');
  expect((await env.cascade.unit(directiveId, 'D3-C2')).report).toBeNull();
  expect(await stored()).toEqual(before);
});

test('in a browser: the report form sends the minutes with the report, and the open unit page shows the file by polling', async () => {
  const browser = await launchChromium();
  try {
    const supervisor = await (await browser.newContext({ locale: 'vi-VN' })).newPage();
    await supervisor.goto(`${server.url}/dashboard/${directiveId}/units/D2-C2?token=${tokenFor('supervisor', 'D2')}`);
    const form = await (await browser.newContext({ locale: 'vi-VN' })).newPage();
    await form.goto((await noticeLink(env, directiveId, 'D2-C2')).replace(TEST_BASE_URL, server.url));
    await form.fill('#f-conferenceDate', today);
    await form.fill('#f-attendees', '18');
    await form.fill('#f-essaysSubmitted', '5');
    await form.fill('#f-documentNumber', '9-KH/CB');
    await form.fill('#f-documentDate', today);
    await form.fill('#f-reportedBy', 'Bí thư Chi bộ 2.2');
    await form.setInputFiles('#f-file', { name: 'Biên bản.png', mimeType: 'image/png', buffer: PNG_BYTES });
    await Promise.all([form.waitForURL(/\/confirmation/), form.click('button[type="submit"]')]);
    const [file] = await env.cascade.attachments(directiveId, 'D2-C2');
    expect(file).toMatchObject({ name: 'Biên bản.png', contentType: 'image/png', size: PNG_BYTES.length, uploadedBy: 'report link of D2-C2' });
    // The supervisor's page, open since before the report, draws the new entry from the API's timeline.
    const link = supervisor.locator('#timeline li.ev-attachment a.ev-file');
    await link.waitFor({ timeout: 30_000 });
    expect(await link.getAttribute('href')).toBe(`/api/directives/${directiveId}/units/D2-C2/attachments/${file?.id}`);
    expect(await supervisor.locator('#timeline li.ev-attachment .ev-detail').textContent()).toContain('Biên bản.png (PNG, 1 KB)');
  } finally {
    await browser.close();
  }
}, 60_000);
