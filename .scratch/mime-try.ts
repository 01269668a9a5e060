import { simpleParser } from 'mailparser';
import { buildMimeMessage } from '../activities/mime-message';
(async () => {
  const raw = buildMimeMessage({ from: { name: 'Văn phòng Trung ương', address: 'no-reply@x.test' }, to: { name: 'Chi bộ "Khu phố 3", Phường Hồng Gai', address: 'kp3@x.test' }, subject: 'Thông báo: Chỉ thị 01-CT/TW về việc tổ chức học tập, quán triệt, tuyên truyền Nghị quyết Đại hội XIII của Đảng — hạn chót 30/9/2021', text: 'Kính gửi…\nDòng 2', html: '<p>Kính gửi…</p>', messageId: '<a.b.notice.0@directive-cascade>', date: new Date(0), headers: { 'X-Cascade-Unit': 'P1-D1', 'Auto-Submitted': 'auto-generated' } });
  console.log(raw.toString());
  const p = await simpleParser(raw);
  console.log(p.subject, '|', p.from?.value, p.to && 'value' in p.to ? p.to.value : null, p.text, p.html, p.messageId, p.date, p.headers.get('x-cascade-unit'));
})();
