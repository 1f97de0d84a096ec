// Dates as readers see them: absolute in the story's time zone with that zone's label (the
// offset in force at that moment, so DST changes read right), relative once the browser takes
// over and keeps them current. The reader may switch absolute times to their own zone.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// Building an Intl formatter costs far more than using one; pages format hundreds of times a minute.
const absoluteFormats = new Map<string, Intl.DateTimeFormat>();
const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();

export function formatAbsolute(iso: string, locale: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const key = `${locale}|${timeZone ?? ''}`;
  let format = absoluteFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      ...(timeZone ? { timeZone, timeZoneName: 'short' as const } : {}),
    });
    absoluteFormats.set(key, format);
  }
  return format.format(date);
}

const zoneLabels = new Map<string, string>();

/** The zone's name for a heading ("Ukraine Time", "توقيت أوكرانيا"; UTC by its long name). */
export function zoneLabel(timeZone: string, locale: string): string {
  const key = `${locale}|${timeZone}`;
  let label = zoneLabels.get(key);
  if (label === undefined) {
    const style = /^(Etc\/)?(UTC|UCT|GMT|Zulu|Universal)$/i.test(timeZone) ? 'long' : 'shortGeneric';
    try {
      label =
        new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: style })
          .formatToParts(new Date())
          .find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
    } catch {
      label = timeZone;
    }
    zoneLabels.set(key, label);
  }
  return label;
}

/** The reader's own zone, as the browser knows it. */
export function readerTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** "5 minutes ago" in `locale`, or null when the moment is old enough that a date reads better. */
export function formatRelative(iso: string, now: number, locale: string): string | null {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return null;
  const ago = now - then;
  // Clocks disagree by a few seconds; a just-published entry is "now", not "in 2 seconds".
  if (ago < -MINUTE || ago >= 7 * DAY) return null;
  let rtf = relativeFormats.get(locale);
  if (!rtf) {
    rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    relativeFormats.set(locale, rtf);
  }
  if (ago < 45_000) return rtf.format(0, 'second');
  if (ago < 45 * MINUTE) return rtf.format(-Math.max(1, Math.round(ago / MINUTE)), 'minute');
  if (ago < 22 * HOUR) return rtf.format(-Math.round(ago / HOUR), 'hour');
  return rtf.format(-Math.max(1, Math.round(ago / DAY)), 'day');
}
