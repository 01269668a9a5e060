/**
 * The weekly digest's part of a committee's inbox page: whether it gets the digest, and a form
 * (the inbox link is its permission) to stop it or get it again. Its words live here, in both
 * languages, beside the one form that uses them.
 */
import type { DigestPreference } from '../../../app/digest-opt-outs';
import { html, type Html } from '../html';
import { formatter, type Lang } from '../i18n';
import { href } from './layout';

const WORDS = {
  vi: {
    title: 'Thư tổng hợp hằng tuần',
    receiving: 'Mỗi sáng thứ Hai (7 giờ), đơn vị nhận một thư tổng hợp: các đơn vị cấp dưới quá hạn và các báo cáo đến hạn trong tuần.',
    optedOut: 'Đơn vị đã ngừng nhận thư tổng hợp hằng tuần từ {at}.',
    stop: 'Ngừng nhận thư tổng hợp',
    resume: 'Nhận lại thư tổng hợp',
  },
  en: {
    title: 'Weekly digest',
    receiving: 'Every Monday at 07:00 your unit gets a digest: the units below it that are overdue and the reports due this week.',
    optedOut: 'Your unit stopped the weekly digest on {at}.',
    stop: 'Stop the weekly digest',
    resume: 'Get the weekly digest again',
  },
} as const;

/** The section: where the unit stands and the one button that changes it, posting to `action` (the inbox link's digest path). */
export function digestPreferenceSection(preference: DigestPreference, action: string, lang: Lang): Html {
  const w = WORDS[lang];
  const f = formatter(lang);
  const state = preference.optedOutAt ? w.optedOut.replace('{at}', f.dateTime(preference.optedOutAt)) : w.receiving;
  return html`<section class="digest-preference" data-digest="${preference.optedOut ? 'opted-out' : 'receiving'}">
<h2>${w.title}</h2>
<p class="muted">${state}</p>
<form method="post" action="${href(action, lang)}">
<input type="hidden" name="optOut" value="${preference.optedOut ? 'false' : 'true'}">
<button type="submit" class="button ghost" data-action="${preference.optedOut ? 'digest-opt-in' : 'digest-opt-out'}">${preference.optedOut ? w.resume : w.stop}</button>
</form>
</section>`;
}
