import { embedMessagesAr, embedMessagesEn, type EmbedMessages } from './embed-messages';
import { primaryOf } from './locale';

// The reader surfaces' own words; the story's language picks the set, English is the fallback.
export interface Messages {
  live: string;
  ended: string;
  keyEvents: string;
  keyEvent: string;
  pinned: string;
  latest: string;
  updated: string;
  published: string;
  by: string;
  loadOlder: string;
  backToLatest: string;
  noEntries: string;
  coverageStarted: string;
  coverageEnded: string;
  feeds: string;
  offline: string;
  loadFailed: string;
  /** The heading of times in the story's zone, and of times in the reader's own. */
  timesInStoryZone(zone: string): string;
  timesInReaderZone(zone: string): string;
  showMyTime: string;
  showStoryTime: string;
  /** "N new updates" on the button and in announcements. */
  newUpdates(count: number, locale: string): string;
  /** The polite announcement for one new entry. */
  newUpdate(headline: string): string;
  /** Embedded posts and videos (cards, load buttons, frames). */
  embeds: EmbedMessages;
}

function count(n: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(n);
}

const en: Messages = {
  live: 'Live',
  ended: 'Coverage ended',
  keyEvents: 'Key events',
  keyEvent: 'Key event',
  pinned: 'Pinned',
  latest: 'Latest updates',
  updated: 'Updated',
  published: 'Published',
  by: 'By',
  loadOlder: 'Load older updates',
  backToLatest: 'Back to the latest updates',
  noEntries: 'No updates yet.',
  coverageStarted: 'Coverage started',
  coverageEnded: 'Coverage ended',
  feeds: 'Follow in a feed reader',
  offline: 'Connection lost. Reconnecting…',
  loadFailed: 'Could not load the updates.',
  timesInStoryZone: (zone) => `Times in ${zone}`,
  timesInReaderZone: (zone) => `Times in your time zone (${zone})`,
  showMyTime: 'Show my time',
  showStoryTime: 'Show the story’s time',
  newUpdates: (n, locale) => (n === 1 ? '1 new update' : `${count(n, locale)} new updates`),
  newUpdate: (headline) => `New update: ${headline}`,
  embeds: embedMessagesEn,
};

const ar: Messages = {
  live: 'مباشر',
  ended: 'انتهت التغطية',
  keyEvents: 'أبرز الأحداث',
  keyEvent: 'حدث بارز',
  pinned: 'مثبّت',
  latest: 'آخر التحديثات',
  updated: 'عُدّل',
  published: 'نُشر',
  by: 'بقلم',
  loadOlder: 'عرض التحديثات الأقدم',
  backToLatest: 'العودة إلى آخر التحديثات',
  noEntries: 'لا تحديثات بعد.',
  coverageStarted: 'بدأت التغطية',
  coverageEnded: 'انتهت التغطية',
  feeds: 'تابِع عبر قارئ الخلاصات',
  offline: 'انقطع الاتصال. تجري إعادة المحاولة…',
  loadFailed: 'تعذّر تحميل التحديثات.',
  timesInStoryZone: (zone) => `الأوقات حسب ${zone}`,
  timesInReaderZone: (zone) => `الأوقات حسب توقيتك (${zone})`,
  showMyTime: 'اعرض الأوقات بتوقيتي',
  showStoryTime: 'اعرض الأوقات بتوقيت القصة',
  // Arabic counts agree with the number: one, two, 3–10 (plural), 11–99 (singular accusative), 100+.
  newUpdates: (n, locale) => {
    switch (new Intl.PluralRules('ar').select(n)) {
      case 'one':
        return 'تحديث جديد';
      case 'two':
        return 'تحديثان جديدان';
      case 'few':
        return `${count(n, locale)} تحديثات جديدة`;
      case 'many':
        return `${count(n, locale)} تحديثًا جديدًا`;
      default:
        return `${count(n, locale)} تحديث جديد`;
    }
  },
  newUpdate: (headline) => `تحديث جديد: ${headline}`,
  embeds: embedMessagesAr,
};

const BY_LANGUAGE: Record<string, Messages> = { en, ar };

export function messagesFor(language: string): Messages {
  return BY_LANGUAGE[primaryOf(language)] ?? en;
}
