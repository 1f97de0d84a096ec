import { mediaNameOfUrl } from '@liveline/contracts';
// Normalizes entry bodies to the small HTML vocabulary the composer offers, a subset of the
// server's sanitizer allow-list (libs/timeline sanitize-body): what the preview shows is then
// what readers get. Parsing happens in an inert document, so nothing in it runs or loads.
const KEEP = new Set(['p', 'br', 'strong', 'em', 'a', 'ul', 'ol', 'li', 'blockquote', 'cite', 'figure', 'img', 'figcaption']);
const RENAME: Record<string, string> = { b: 'strong', i: 'em', div: 'p', h1: 'p', h2: 'p', h3: 'p', h4: 'p', h5: 'p', h6: 'p' };
const DROP = new Set(['script', 'style', 'template', 'iframe', 'object', 'embed', 'noscript', 'head', 'title', 'meta', 'link', 'svg', 'math']);
const BLOCK = new Set(['p', 'ul', 'ol', 'blockquote', 'figure']);
const ATTRS: Record<string, string[]> = { a: ['href'], blockquote: ['cite'], img: ['src', 'alt'] };

/** A path to one of the service's own media files (uploads), kept as it is. */
export function mediaSrc(value: string | null | undefined): string | null {
  return value && value.startsWith('/media/') && mediaNameOfUrl(value) ? value : null;
}

/** An absolute URL with an allowed scheme, or null. Images are https only, as on the server. */
export function safeUrl(value: string | null | undefined, schemes: 'link' | 'web' | 'image' = 'web'): string | null {
  if (!value) return null;
  const v = value.trim();
  try {
    const url = new URL(v);
    const ok = url.protocol === 'https:' || (schemes !== 'image' && url.protocol === 'http:') || (schemes === 'link' && url.protocol === 'mailto:');
    if (ok) return url.href;
  } catch {
    // not an absolute URL
  }
  return null;
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
    if (!KEEP.has(tag)) {
      cleanChildren(el, to, doc);
      continue;
    }
    const out = doc.createElement(tag);
    for (const name of ATTRS[tag] ?? []) {
      const raw = el.getAttribute(name);
      if (raw === null) continue;
      const value = name === 'href' ? safeUrl(raw, 'link') : name === 'src' ? (mediaSrc(raw) ?? safeUrl(raw, 'image')) : name === 'cite' ? safeUrl(raw) : raw;
      if (value !== null) out.setAttribute(name, value);
    }
    if (tag === 'a' && !out.hasAttribute('href')) {
      cleanChildren(el, to, doc);
      continue;
    }
    if (tag === 'img' && !out.hasAttribute('src')) continue;
    if (tag !== 'img' && tag !== 'br') cleanChildren(el, out, doc);
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
    if (!run) {
      run = doc.createElement('p');
      root.insertBefore(run, node);
    }
    run.appendChild(node);
  }
  for (const p of Array.from(root.querySelectorAll('p, li, figcaption, cite, strong, em'))) {
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

const escapeMap: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => escapeMap[c]);
}

export function quoteHtml(text: string, source: string, url: string | null): string {
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
  return `<blockquote${url ? ` cite="${escapeHtml(url)}"` : ''}>${paras}${attribution}</blockquote>`;
}

export function imageHtml(src: string, alt: string, caption: string, credit: string): string {
  const cap = caption.trim();
  const cred = credit.trim();
  // The credit is a <cite> inside the caption, so it stays apart from the caption's text.
  const figcaption =
    cap || cred ? `<figcaption>${escapeHtml(cap)}${cap && cred ? ' ' : ''}${cred ? `<cite>${escapeHtml(cred)}</cite>` : ''}</figcaption>` : '';
  return `<figure><img src="${escapeHtml(src)}" alt="${escapeHtml(alt.trim())}">${figcaption}</figure>`;
}

/** Images without a description: an entry with one is not published (readers who cannot see it get nothing). */
export function imagesWithoutAlt(html: string): number {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  return Array.from(doc.querySelectorAll('img')).filter((img) => !(img.getAttribute('alt') ?? '').trim()).length;
}
