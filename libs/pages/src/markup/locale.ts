// Which Intl locale formats a story's dates and numbers.

/**
 * The locale for content in `language`, refined by the reader's own preferences when they
 * share its language (so ar-EG readers get Egyptian month names). Arabic gets Arabic-Indic
 * digits unless the chosen tag asks for a numbering system itself.
 */
export function formattingLocale(language: string, preferred: readonly string[] = []): string {
  const primary = primaryOf(language);
  const tag = preferred.find((p) => primaryOf(p) === primary && isSupported(p)) ?? language;
  let locale: Intl.Locale;
  try {
    locale = new Intl.Locale(tag);
  } catch {
    return 'en';
  }
  if (primary === 'ar' && !locale.numberingSystem)
    locale = new Intl.Locale(locale.toString(), { numberingSystem: 'arab' });
  return locale.toString();
}

export function primaryOf(tag: string): string {
  return tag.split(/[-_]/)[0].toLowerCase();
}

function isSupported(tag: string): boolean {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([tag]).length > 0;
  } catch {
    return false;
  }
}
