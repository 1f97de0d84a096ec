/// <reference lib="dom" />
import type { Page } from 'playwright-core';

// What may appear in a sanitized body, checked on the DOM a real browser builds from it. This
// is the contract's safety rule (no script, no handlers, no script URLs), not the exact
// allow-list, so a new harmless tag in the sanitizer does not break it.
const SAFE_TAGS = [
  'p',
  'br',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'strong',
  'b',
  'em',
  'i',
  'u',
  's',
  'sub',
  'sup',
  'ul',
  'ol',
  'li',
  'blockquote',
  'cite',
  'a',
  'img',
  'figure',
  'figcaption',
  'q',
  'hr',
  'span',
  'div',
  'code',
  'pre',
  'small',
  'mark',
  'abbr',
  'time',
  'del',
  'ins',
];
const URL_ATTRIBUTES = [
  'href',
  'src',
  'cite',
  'action',
  'formaction',
  'data',
  'poster',
  'background',
  'lowsrc',
  'dynsrc',
  'xlink:href',
  'srcset',
];

/**
 * Problems in `html` as the browser parses it into a reader page's body, and once more after
 * serializing (mutation XSS), with scripting off (an inert document) and on (the page's own
 * document, where <noscript> content is raw text as on the reader page).
 */
export async function unsafeMarkup(page: Page, html: string): Promise<string[]> {
  return page.evaluate(
    ({ html, safeTags, urlAttributes }) => {
      const problems: string[] = [];
      const check = (root: Element, pass: string) => {
        for (const el of Array.from(root.querySelectorAll('*'))) {
          const tag = el.localName;
          if (el.namespaceURI !== 'http://www.w3.org/1999/xhtml' || !safeTags.includes(tag))
            problems.push(
              `${pass}: <${el.namespaceURI === 'http://www.w3.org/1999/xhtml' ? '' : `${el.namespaceURI} `}${tag}>`,
            );
          for (const attr of Array.from(el.attributes)) {
            const name = attr.name.toLowerCase();
            if (name.startsWith('on') || name === 'style' || name === 'srcdoc')
              problems.push(`${pass}: <${tag} ${name}>`);
            if (urlAttributes.includes(name)) {
              // Browsers ignore ASCII whitespace and controls inside a scheme.
              const bare = attr.value.replace(/[\u0000-\u0020\u007f]/g, '').toLowerCase();
              if (/^(javascript|vbscript|data|livescript|mocha):/.test(bare))
                problems.push(`${pass}: <${tag} ${name}="${attr.value}">`);
            }
          }
        }
      };
      const inert = document.implementation.createHTMLDocument('');
      for (const [doc, mode] of [
        [inert, 'scripting off'],
        [document, 'scripting on'],
      ] as const) {
        const first = doc.createElement('div');
        first.innerHTML = html;
        check(first, `parsed, ${mode}`);
        const second = doc.createElement('div');
        second.innerHTML = first.innerHTML;
        check(second, `re-parsed, ${mode}`);
      }
      return problems;
    },
    { html, safeTags: SAFE_TAGS, urlAttributes: URL_ATTRIBUTES },
  );
}
