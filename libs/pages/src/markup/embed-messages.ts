import type { EmbedKind } from '@liveline/contracts';

// The embed cards' own words (part of Messages: the story's language picks the set).
export interface EmbedMessages {
  /** "YouTube video", "X post": the card's heading. */
  heading(kind: EmbedKind, provider: string): string;
  /** The button: what loads and from where. */
  load(kind: EmbedKind, provider: string, host: string): string;
  open(provider: string): string;
  always(provider: string): string;
  stopAlways(provider: string): string;
  frameTitle(kind: EmbedKind, provider: string, title?: string): string;
}

const EN_KIND: Record<EmbedKind, string> = { post: 'post', video: 'video', reel: 'reel' };
const AR_KIND: Record<EmbedKind, [bare: string, definite: string]> = {
  post: ['منشور', 'المنشور'],
  video: ['فيديو', 'الفيديو'],
  reel: ['مقطع', 'المقطع'],
};

export const embedMessagesEn: EmbedMessages = {
  heading: (kind, provider) => `${provider} ${EN_KIND[kind]}`,
  load: (kind, provider, host) => `Load the ${EN_KIND[kind]} from ${provider}: this loads content from ${host}`,
  open: (provider) => `Open on ${provider}`,
  always: (provider) => `Always load from ${provider} on this site`,
  stopAlways: (provider) => `Stop loading from ${provider} automatically`,
  frameTitle: (kind, provider, title) => `${provider} ${EN_KIND[kind]}${title ? `: ${title}` : ''}`,
};

export const embedMessagesAr: EmbedMessages = {
  heading: (kind, provider) => `${AR_KIND[kind][0]} على ${provider}`,
  load: (kind, provider, host) => `حمّل ${AR_KIND[kind][1]} من ${provider}: يحمّل هذا محتوى من ${host}`,
  open: (provider) => `افتح الأصل على ${provider}`,
  always: (provider) => `حمّل دائمًا من ${provider} على هذا الموقع`,
  stopAlways: (provider) => `أوقف التحميل التلقائي من ${provider}`,
  frameTitle: (kind, provider, title) => `${AR_KIND[kind][0]} على ${provider}${title ? `: ${title}` : ''}`,
};
