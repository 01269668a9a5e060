// The dashboard's directive list says who issued a directive and when, as its spec does, apart from when it was launched here.
import type { DirectiveSummary } from '../../src/store/directory-queries';
import { directivesPage } from '../../src/http/pages/views/directives-view';

const directive: DirectiveSummary = {
  id: '05-CT-TW-2026',
  code: '05-CT/TW',
  title: 'Về tiếp tục đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh',
  rootUnitId: 'FV',
  issuer: 'Ban Chấp hành Trung ương',
  issuedOn: '2026-02-20',
  status: 'active',
  // 10:30 on 3 March 2026 in Vietnam.
  launchedAt: '2026-03-03T03:30:00.000Z',
  secret: false,
  readers: [],
};

const meta = (page: string) => /<span class="muted">([^<]*)<\/span><\/li>/.exec(page)?.[1];

test('the directive list shows the spec’s issuer and issue date, and the launch labelled as the launch', () => {
  const vi = directivesPage({ lang: 'vi', url: '/dashboard', directives: [directive], who: 'Văn phòng' });
  expect(meta(vi)).toBe('Cơ quan ban hành Ban Chấp hành Trung ương · ngày ban hành 20/2/2026 · Khởi chạy theo dõi 10:30 ngày 3/3/2026 · Đang triển khai');
  expect(vi).not.toContain('FV');
  const en = directivesPage({ lang: 'en', url: '/dashboard?lang=en', directives: [directive], who: 'Secretariat' });
  expect(meta(en)).toBe('Issued by Ban Chấp hành Trung ương · on 20 February 2026 · Launched 3 March 2026, 10:30 (UTC+7) · In progress');
});
