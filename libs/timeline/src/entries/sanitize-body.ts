import sanitizeHtml from 'sanitize-html';

// The allow-list for news bodies. Anything else is dropped with its content for
// script-like tags and unwrapped otherwise.
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'h2', 'h3', 'h4', 'strong', 'b', 'em', 'i', 'u', 's', 'sub', 'sup', 'ul', 'ol', 'li', 'blockquote', 'cite', 'a', 'img', 'figure', 'figcaption', 'q', 'hr'],
  allowedAttributes: {
    a: ['href', 'rel', 'target', 'lang', 'dir'],
    img: ['src', 'alt', 'width', 'height', 'loading'],
    blockquote: ['cite', 'lang', 'dir'],
    q: ['cite'],
    p: ['lang', 'dir'],
    li: ['dir'],
    // Embeds (libs/contracts embeds.ts): the URL is checked and made canonical after sanitizing.
    figure: ['data-embed'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['https'], blockquote: ['http', 'https'], q: ['http', 'https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'template', 'svg', 'math', 'title', 'xmp', 'noembed', 'noframes', 'plaintext'],
  enforceHtmlBoundary: false,
  parser: { lowerCaseTags: true, lowerCaseAttributeNames: true },
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, rel: 'noopener noreferrer', ...(attribs.target ? { target: '_blank' } : {}) },
    }),
    img: (tagName, attribs) => ({ tagName, attribs: { ...attribs, alt: attribs.alt ?? '', loading: 'lazy' } }),
    b: 'strong',
    i: 'em',
  },
  exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
};

export function sanitizeBody(html: string): string {
  // NUL and other C0 controls have no place in a news body and confuse parsers.
  let clean = sanitizeHtml(html.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, ''), OPTIONS);
  // Re-sanitize until stable: output that changes when parsed again is a mutation-XSS vector.
  for (let i = 0; i < 3; i++) {
    const again = sanitizeHtml(clean, OPTIONS);
    if (again === clean) return clean;
    clean = again;
  }
  return sanitizeHtml(clean, { allowedTags: [], allowedAttributes: {} });
}

/** Headlines are plain text: tags removed, entities decoded, whitespace folded. */
export function plainText(s: string): string {
  const stripped = sanitizeHtml(s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, ''), { allowedTags: [], allowedAttributes: {}, nonTextTags: ['script', 'style', 'textarea', 'title'] });
  return decodeEntities(stripped).replace(/\s+/g, ' ').trim();
}

function decodeEntities(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/&amp;/g, '&');
}
