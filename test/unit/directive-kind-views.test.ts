// The dashboard names each directive by its kind (from its number), not "Chỉ thị" for all.
import { directivesPage } from '../../src/http/pages/views/directives-view';

const summary = (code: string, id: string) => ({
  id,
  code,
  title: `Văn bản ${code}`,
  rootUnitId: 'TW',
  issuer: 'Ban Chấp hành Trung ương',
  issuedOn: '2026-02-20',
  status: 'active',
  launchedAt: '2026-03-01T01:00:00.000Z',
  secret: false,
  readers: [],
});

test('the directives page calls a resolution a resolution, a plan a plan and an unknown kind a document', () => {
  const directives = [
    summary('10-NQ/TW', '10-NQ-TW-2026'),
    summary('30-KH/TU', '30-KH-TU-2026'),
    summary('01-CT/TW', '01-CT-TW-2026'),
    summary('12-XY/TU', '12-XY-TU-2026'),
  ];
  const vi = directivesPage({ lang: 'vi', url: '/dashboard', directives, who: 'Văn phòng' });
  const codes = [...vi.matchAll(/<span class="code">([^<]*)<\/span>/g)].map((m) => m[1]);
  expect(codes).toEqual(['Nghị quyết 10-NQ/TW', 'Kế hoạch 30-KH/TU', 'Chỉ thị 01-CT/TW', 'Văn bản 12-XY/TU']);
  const en = directivesPage({ lang: 'en', url: '/dashboard?lang=en', directives, who: 'Secretariat' });
  expect([...en.matchAll(/<span class="code">([^<]*)<\/span>/g)].map((m) => m[1])).toEqual([
    'Resolution 10-NQ/TW',
    'Plan 30-KH/TU',
    'Directive 01-CT/TW',
    'Document 12-XY/TU',
  ]);
});
