// On the time-skipping server: a unit is told by email when its deadline is extended (the new
// deadline, the reason, its report link), when it is exempted (no report link: nothing is owed) and
// when the directive is withdrawn (every unit still open, not the exempted or finished ones).
import type { ParsedMail } from 'mailparser';
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { eventually, startCascadeEnv, type CascadeEnv } from '../harness/cascade-env';
import { recordHistories } from '../harness/record-histories';
import { messageKey, SMALL_ORG, smallReport, smallSpec } from './small-org';

let env: CascadeEnv;
let directiveId: string;
let year: number;

const mailsOf = (kind: string) => env.mails((m) => messageKey(m.messageId)?.directive === directiveId && messageKey(m.messageId)?.kind === kind);
const unitOf = (mail: ParsedMail) => messageKey(mail.messageId)?.unit;
const emailOf = (unitId: string) => SMALL_ORG.find((u) => u.id === unitId)?.email;
const toAddress = (mail: ParsedMail) => (Array.isArray(mail.to) ? mail.to[0] : mail.to)?.value[0]?.address;

beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: true });
  await env.importOrg(SMALL_ORG);
  const today = vnIsoDate((await env.now()).toISOString());
  year = Number(today.slice(0, 4)) + 1;
  directiveId = (await env.cascade.launch(smallSpec('79-CT/TW', today, year))).directiveId;
  await eventually(async () => (await env.cascade.listUnits(directiveId)).total === SMALL_ORG.length - 1, 60_000, 'every unit projected');
}, 120_000);
afterAll(() => env?.stop());

test('an extended unit is told its new deadline and why, with its report link', async () => {
  await env.cascade.extend(directiveId, 'D1-C1', `15/10/${year}`, 'd1-office', 'bão lụt');
  const [mail] = await eventually(async () => (await mailsOf('extension-notice')).length === 1 && mailsOf('extension-notice'), 30_000, 'the extension notice');
  expect([unitOf(mail!), toAddress(mail!)]).toEqual(['D1-C1', emailOf('D1-C1')]);
  expect(mail!.subject).toContain(`hạn mới 15/10/${year}`);
  expect(mail!.text).toContain('Lý do: bão lụt');
  expect(mail!.text).toContain('/report/');
  expect(mail!.text).toContain('/inbox/');
});

test('an exempted unit is told, without a report link', async () => {
  await env.cascade.exempt(directiveId, 'D2-C1', 'd2-office', 'chi bộ sáp nhập');
  const [mail] = await eventually(async () => (await mailsOf('exemption-notice')).length === 1 && mailsOf('exemption-notice'), 30_000, 'the exemption notice');
  expect([unitOf(mail!), toAddress(mail!)]).toEqual(['D2-C1', emailOf('D2-C1')]);
  expect(mail!.text).toContain('được miễn thực hiện');
  expect(mail!.text).toContain('Lý do: chi bộ sáp nhập');
  expect(mail!.text).not.toContain('/report/');
});

test('a withdrawal tells every unit still open, and not the exempted or finished ones', async () => {
  await env.cascade.report(directiveId, 'D3-C1', smallReport('D3-C1', vnIsoDate((await env.now()).toISOString())), 'Chi bộ 3.1');
  await env.cascade.withdraw(directiveId, 'Văn phòng Trung ương', 'Thay bằng chỉ thị mới');
  const open = SMALL_ORG.map((u) => u.id).filter((id) => !['TW', 'D2-C1', 'D3-C1'].includes(id));
  const mails = await eventually(
    async () => {
      const m = await mailsOf('withdrawal-notice');
      return m.length >= open.length && m;
    },
    30_000,
    'the withdrawal notices',
  );
  expect(mails.map(unitOf).sort()).toEqual([...open].sort());
  expect(mails[0]!.subject).toMatch(/^Thu hồi Chỉ thị số 79-CT\/TW/);
  expect(mails[0]!.text).toContain('Lý do: Thay bằng chỉ thị mới');
  await recordHistories(env.temporal, 'change-notices', directiveId, ['TW', 'QN', 'D1', 'D2']);
});
