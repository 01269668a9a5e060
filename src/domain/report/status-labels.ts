/**
 * A unit's status in words, Vietnamese and English: one table for every place a person reads a
 * status (the dashboard, the CSV export), so they never word it differently.
 */
import type { TrackStatus } from '../track/unit-track';

/** Languages a status is named in. */
export type StatusLanguage = 'vi' | 'en';

const STATUS_LABELS: Record<StatusLanguage, Record<TrackStatus, string>> = {
  vi: {
    pending: 'Chưa báo cáo',
    acknowledged: 'Đã nhận, chưa báo cáo',
    extended: 'Được gia hạn',
    overdue: 'Quá hạn',
    'done-on-time': 'Hoàn thành đúng hạn',
    'done-late': 'Hoàn thành muộn',
    exempted: 'Được miễn',
    withdrawn: 'Đã thu hồi',
  },
  en: {
    pending: 'Pending',
    acknowledged: 'Acknowledged',
    extended: 'Extended',
    overdue: 'Overdue',
    'done-on-time': 'Done on time',
    'done-late': 'Done late',
    exempted: 'Exempted',
    withdrawn: 'Withdrawn',
  },
};

/** A unit status in words; an unknown code (a newer status read by older code) is shown as it is. */
export function unitStatusLabel(status: TrackStatus, language: StatusLanguage): string {
  return STATUS_LABELS[language][status] ?? status;
}

/** All status labels of a language. */
export function unitStatusLabels(language: StatusLanguage): Record<TrackStatus, string> {
  return STATUS_LABELS[language];
}
