/** What the live-refresh script needs to redraw a page in the page's language (sent as JSON, never as code). */
import type { LevelDefinition } from '../../../domain/org/levels';
import { attachmentWords, eventLabels, levelLabel, statusLabels, strings, type Lang } from '../i18n';

/** Labels (the directive's short level names among them) and number/date conventions for the script. */
export function liveLabels(lang: Lang, levels: readonly LevelDefinition[]) {
  const t = strings(lang);
  return {
    lang,
    thousands: lang === 'vi' ? '.' : ',',
    decimal: lang === 'vi' ? ',' : '.',
    months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
    status: statusLabels(lang),
    levels: Object.fromEntries(levels.map((l) => [l.name, levelLabel(levels, l.name, lang, true)])),
    events: eventLabels(lang),
    text: { none: t.none, andMore: t.andMore, liveFailed: t.liveFailed, by: t.by, step: t.step, deadline: t.deadline },
    attachment: attachmentWords(lang),
  };
}
