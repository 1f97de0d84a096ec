import type { Entry, Story } from '@liveline/contracts';

// Small builders for specs: a valid public story and entry, with only what a test cares about overridden.

export function makeStory(over: Partial<Story> = {}): Story {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    slug: 'kyiv-live',
    title: 'كييف مباشر',
    summary: 'ملخص القصة',
    language: 'ar',
    direction: 'rtl',
    timeZone: 'UTC',
    status: 'live',
    coverageStartedAt: '2024-10-21T05:00:00.000Z',
    coverageEndedAt: null,
    createdAt: '2024-10-21T04:00:00.000Z',
    updatedAt: '2024-10-21T09:00:00.000Z',
    seq: 3,
    ...over,
  };
}

let counter = 0;

export function makeEntry(over: Partial<Entry> = {}): Entry {
  counter++;
  const at = over.publishedAt ?? '2024-10-21T08:00:00.000Z';
  return {
    id: `00000000-0000-4000-9000-${String(counter).padStart(12, '0')}`,
    storyId: '00000000-0000-4000-8000-000000000001',
    headline: 'عنوان',
    body: '<p>نص التحديث</p>',
    occurredAt: at,
    publishedAt: at,
    updatedAt: at,
    keyEvent: false,
    pinned: false,
    status: 'published',
    scheduledAt: null,
    author: { id: 'u1', name: 'غرفة الأخبار' },
    version: 1,
    ...over,
  };
}
