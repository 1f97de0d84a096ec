import {
  BODY_ALLOW_LIST,
  BODY_DROPPED_WITH_CONTENT,
  BODY_TAG_RENAMES,
  absoluteUrl,
  allowedAttributeValue,
  allowedSchemes,
  allowedUrl,
  bodyRule,
  escapeHtml,
  fixedAttributes,
} from '@liveline/contracts';

// Normalizes entry bodies to the one allow-list in @liveline/contracts, the same the server's
// sanitizer is derived from: what the editor keeps is what the server stores, so an unchanged
// save or a one-word edit loses nothing. Parsing happens in an inert document, so nothing in it
// runs or loads. The renames below only fold what contenteditable itself produces.
const RENAME: Record<string, string> = { ...BODY_TAG_RENAMES, div: 'p', h1: 'h2', h5: 'h4', h6: 'h4', strike: 's' };
const DROP = new Set(BODY_DROPPED_WITH_CONTENT);
const BLOCK = new Set(Object.keys(BODY_ALLOW_LIST).filter((tag) => BODY_ALLOW_LIST[tag].block));

export { escapeHtml };

/** A typed URL, absolute and with a scheme the server keeps there (images: https only), or null. */
export function safeUrl(value: string | null | undefined, schemes: 'link' | 'web' | 'image' = 'web'): string | null {
  const where: Record<typeof schemes, [string, string]> = {
    link: ['a', 'href'],
    image: ['img', 'src'],
    web: ['blockquote', 'cite'],
  };
  const [tag, attr] = where[schemes];
  return absoluteUrl(
    value,
    (allowedSchemes(tag, attr) ?? []).filter((s) => s !== 'relative' && s !== 'media'),
  );
}

function keptAttributes(el: Element, tag: string): Record<string, string> {
  const rule = bodyRule(tag);
  const kept: Record<string, string> = {};
  // In document order, as the server's sanitizer keeps them.
  for (const attr of Array.from(el.attributes)) {
    const name = attr.name.toLowerCase();
    const value = rule?.urls?.[name] ? allowedUrl(tag, name, attr.value) : allowedAttributeValue(tag, name, attr.value);
    if (value !== null) kept[name] = value;
  }
  return fixedAttributes(tag, kept);
}

function cleanChildren(from: Node, to: Node, doc: Document): void {
  for (const node of Array.from(from.childNodes)) {
    if (node.nodeType === Node.TEXT_NODE) {
      to.appendChild(doc.createTextNode(node.textContent ?? ''));
      continue;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) continue;
    const el = node as Element;
    let tag = el.tagName.toLowerCase();
    if (DROP.has(tag)) continue;
    tag = RENAME[tag] ?? tag;
    const rule = bodyRule(tag);
    if (!rule) {
      cleanChildren(el, to, doc);
      continue;
    }
    const attribs = keptAttributes(el, tag);
    if (rule.requires && attribs[rule.requires] === undefined) continue;
    const out = doc.createElement(tag);
    for (const [name, value] of Object.entries(attribs)) out.setAttribute(name, value);
    if (!rule.empty) cleanChildren(el, out, doc);
    // Browsers nest blocks while editing (a <div> inside a <p>); flatten to keep valid markup.
    if (tag === 'p' && to.nodeName === 'P') {
      while (out.firstChild) to.appendChild(out.firstChild);
      continue;
    }
    to.appendChild(out);
  }
}

function isBlank(el: Element): boolean {
  return !el.querySelector('img') && (el.textContent ?? '').replace(/\u00a0/g, ' ').trim() === '';
}

/** Editing commands can leave a list or quote inside a <p>, which HTML cannot parse back: lift it out. */
function liftBlocks(root: Element, doc: Document): void {
  for (const p of Array.from(root.querySelectorAll('p'))) {
    if (!Array.from(p.children).some((c) => BLOCK.has(c.nodeName.toLowerCase()))) continue;
    const parts: Node[] = [];
    let run: Element | null = null;
    for (const node of Array.from(p.childNodes)) {
      if (node.nodeType === Node.ELEMENT_NODE && BLOCK.has(node.nodeName.toLowerCase())) {
        parts.push(node);
        run = null;
      } else {
        if (!run) parts.push((run = doc.createElement('p')));
        run.appendChild(node);
      }
    }
    p.replaceWith(...parts);
  }
}

/** Editors put no-break spaces at the edges of formatting (`<b>x</b>&nbsp;y`); readers need plain ones. */
function plainSpaces(root: Element, doc: Document): void {
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    n.textContent = (n.textContent ?? '').replace(/^\u00a0(?=\S)/, ' ').replace(/(?<=\S)\u00a0$/, ' ');
  }
}

/** Top-level inline runs go into paragraphs; empty paragraphs and stray trailing <br>s go away. */
function tidy(root: Element, doc: Document): void {
  liftBlocks(root, doc);
  plainSpaces(root, doc);
  let run: Element | null = null;
  for (const node of Array.from(root.childNodes)) {
    const isBlock = node.nodeType === Node.ELEMENT_NODE && BLOCK.has(node.nodeName.toLowerCase());
    if (isBlock) {
      run = null;
      continue;
    }
    // Line breaks between blocks (API-authored bodies have them) stay as they are.
    if (!run && node.nodeType === Node.TEXT_NODE && /^[ \t\n\r\f]*$/.test(node.textContent ?? '')) continue;
    if (!run) {
      run = doc.createElement('p');
      root.insertBefore(run, node);
    }
    run.appendChild(node);
  }
  for (const p of Array.from(root.querySelectorAll('p, h2, h3, h4, li, figcaption, cite, strong, em'))) {
    while (p.lastChild && p.lastChild.nodeName === 'BR') p.removeChild(p.lastChild);
    if (isBlank(p) && p.nodeName !== 'LI') p.remove();
  }
  for (const list of Array.from(root.querySelectorAll('ul, ol'))) {
    for (const li of Array.from(list.children)) if (li.nodeName !== 'LI' || isBlank(li)) li.remove();
    if (!list.children.length) list.remove();
  }
  for (const q of Array.from(root.querySelectorAll('blockquote'))) if (isBlank(q)) q.remove();
}

export function cleanBody(html: string): string {
  return cleanContent(new DOMParser().parseFromString(`<!doctype html><body>${html}`, 'text/html').body);
}

/** The clean HTML of a live element's content (the editor), read without serializing and re-parsing it. */
export function cleanContent(from: Node): string {
  const doc = document.implementation.createHTMLDocument('');
  const root = doc.createElement('div');
  cleanChildren(from, root, doc);
  tidy(root, doc);
  return root.innerHTML.trim();
}

/** True when the body has no text and no image worth publishing. */
export function isEmptyBody(html: string): boolean {
  const doc = new DOMParser().parseFromString(`<!doctype html><body>${html}`, 'text/html');
  return !doc.body.querySelector('img') && (doc.body.textContent ?? '').trim() === '';
}

export function quoteHtml(
  text: string,
  source: string,
  url: string | null,
  language: { lang: string; dir: string } | null = null,
): string {
  const paras = text
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
  const name = escapeHtml(source.trim());
  const citeText = url ? `<a href="${escapeHtml(url)}">${name}</a>` : name;
  // The source sits in its own paragraph: <footer> is not on the server's allow-list.
  const attribution = name ? `<p><cite>${citeText}</cite></p>` : '';
  const langAttrs = language ? ` lang="${escapeHtml(language.lang)}" dir="${escapeHtml(language.dir)}"` : '';
  return `<blockquote${url ? ` cite="${escapeHtml(url)}"` : ''}${langAttrs}>${paras}${attribution}</blockquote>`;
}

export function imageHtml(src: string, alt: string, caption: string, credit: string): string {
  const cap = caption.trim();
  const cred = credit.trim();
  // The credit is a <cite> inside the caption, so it stays apart from the caption's text.
  const figcaption =
    cap || cred
      ? `<figcaption>${escapeHtml(cap)}${cap && cred ? ' ' : ''}${cred ? `<cite>${escapeHtml(cred)}</cite>` : ''}</figcaption>`
      : '';
  return `<figure><img src="${escapeHtml(src)}" alt="${escapeHtml(alt.trim())}">${figcaption}</figure>`;
}

/** Images without a description: an entry with one is not published (readers who cannot see it get nothing). */
export function imagesWithoutAlt(html: string): number {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  return Array.from(doc.querySelectorAll('img')).filter((img) => !(img.getAttribute('alt') ?? '').trim()).length;
}
