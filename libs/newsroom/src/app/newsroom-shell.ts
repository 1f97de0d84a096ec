// The HTML shell of the /newsroom app: no inline script or style, so a strict CSP holds.
export type UiLanguage = 'ar' | 'en';
export const UI_LANGUAGES: readonly UiLanguage[] = ['en', 'ar'];
export const LANGUAGE_COOKIE = 'liveline_lang';

const TITLES: Record<UiLanguage, { title: string; loading: string; noscript: string }> = {
  en: { title: 'Liveline Newsroom', loading: 'Loading…', noscript: 'The newsroom needs JavaScript.' },
  ar: { title: 'غرفة أخبار لايفلاين', loading: 'جارٍ التحميل…', noscript: 'تحتاج غرفة الأخبار إلى جافاسكربت.' },
};

/** The user's choice (cookie set by the language switch) first, then the browser's preference. */
export function pickLanguage(cookieHeader: string | undefined, acceptLanguage: string | undefined): UiLanguage {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, value] = part.trim().split('=');
    if (name === LANGUAGE_COOKIE && (UI_LANGUAGES as string[]).includes(value)) return value as UiLanguage;
  }
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((item, i) => {
      const [tag, ...params] = item.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { base: tag.trim().toLowerCase().split('-')[0], q: q ? Number(q.slice(2)) || 0 : 1, i };
    })
    .filter((x) => x.base && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  const known = ranked.find((x) => (UI_LANGUAGES as string[]).includes(x.base));
  return (known?.base as UiLanguage) ?? 'en';
}

export function renderShell(lang: UiLanguage, assetBase = '/newsroom/assets'): string {
  const text = TITLES[lang];
  return `<!doctype html>
<html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, interactive-widget=resizes-content">
<meta name="robots" content="noindex">
<meta name="referrer" content="same-origin">
<link rel="icon" href="data:,">
<title>${text.title}</title>
<link rel="stylesheet" href="${assetBase}/newsroom.css">
<script src="${assetBase}/newsroom.js" defer></script>
</head>
<body>
<div id="app"><p class="boot">${text.loading}</p><noscript><p>${text.noscript}</p></noscript></div>
</body>
</html>
`;
}
