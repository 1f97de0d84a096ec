import { directionOf, isLanguageTag } from '@liveline/contracts';
import { cleanBody, cleanContent, imageHtml, quoteHtml, safeUrl, escapeHtml } from './body-html';
import { embedOfPastedText, parseEmbedUrl } from '@liveline/contracts';
import { h, uid, edgeIndex } from './dom';
import { embedBlockHtml, fillEmbedPreviews, upgradeEmbeds } from './embed-block';
import { t } from './i18n';
import { formDialog } from './ui';
import { mediaPath } from './media-api';
import { createMediaPicker } from './media-picker';

export interface BodyEditor {
  el: HTMLElement;
  area: HTMLElement;
  getHtml(): string;
  setHtml(html: string): void;
  focus(): void;
}

// Typing starts inside a paragraph, so every line the browser makes is a <p>.
const EMPTY_PARAGRAPH = '<p><br></p>';
const urlCheck = (v: string) => (safeUrl(v) ? null : t('dlg.badUrl'));
const imageUrlCheck = (v: string) => (safeUrl(v, 'image') ? null : t('dlg.badImageUrl'));
const languageCheck = (v: string) => (isLanguageTag(v.trim()) ? null : t('dlg.badLanguage'));
/** lang and dir for a quote in another language than the story's (an English quote in Arabic text). */
const languageOf = (tag: string, storyLang: string): { lang: string; dir: string } | null => {
  const lang = tag.trim();
  return lang && lang.toLowerCase() !== storyLang.toLowerCase() ? { lang, dir: directionOf(lang) } : null;
};
const embedUrlCheck = (v: string) => (parseEmbedUrl(v) ? null : t('dlg.badEmbedUrl'));

/**
 * A contenteditable body with a formatting toolbar. The browser's editing commands keep undo
 * working; whatever markup they produce is normalized by cleanBody on the way out.
 */
export function createBodyEditor(labelId: string, dir: string, lang: string, onInput: () => void): BodyEditor {
  let saved: Range | null = null;
  const area = h('div', {
    class: 'body-editor',
    contenteditable: 'true',
    role: 'textbox',
    'aria-multiline': 'true',
    'aria-labelledby': labelId,
    id: uid('body'),
    dir,
    lang,
    spellcheck: 'true',
  });

  const remember = () => {
    const sel = window.getSelection();
    if (sel && sel.rangeCount && area.contains(sel.getRangeAt(0).commonAncestorContainer))
      saved = sel.getRangeAt(0).cloneRange();
  };
  const restore = () => {
    area.focus();
    const sel = window.getSelection();
    if (!sel) return;
    sel.removeAllRanges();
    if (saved && area.contains(saved.commonAncestorContainer)) sel.addRange(saved);
    else {
      const end = document.createRange();
      end.selectNodeContents(area);
      end.collapse(false);
      sel.addRange(end);
    }
  };
  const exec = (command: string, value?: string) => {
    restore();
    document.execCommand(command, false, value);
    remember();
    onInput();
  };
  // Inline content goes in through the DOM: Chromium's insertHTML adds style attributes, which
  // the newsroom's CSP refuses (and which readers must not get anyway).
  const insertInline = (node: Node) => {
    restore();
    const sel = window.getSelection();
    if (!sel || !sel.rangeCount) return;
    const range = sel.getRangeAt(0);
    range.deleteContents();
    range.insertNode(node);
    range.setStartAfter(node);
    range.collapse(true);
    sel.removeAllRanges();
    sel.addRange(range);
    remember();
    onInput();
  };

  // Blocks (quote, figure) are placed between paragraphs by hand: Chromium's insertHTML merges
  // a block's first paragraph into the line at the caret.
  const insertBlock = (html: string) => {
    restore();
    const sel = window.getSelection();
    let top: Node | null = sel && sel.rangeCount ? sel.getRangeAt(0).startContainer : null;
    while (top && top.parentNode !== area) top = top.parentNode;
    const tpl = document.createElement('template');
    tpl.innerHTML = html;
    const nodes = Array.from(tpl.content.childNodes);
    const after = h('p', null, h('br'));
    if (
      top &&
      top.nodeType === Node.ELEMENT_NODE &&
      (top.textContent ?? '').trim() === '' &&
      !(top as Element).querySelector('img')
    ) {
      (top as Element).replaceWith(...nodes, after);
    } else if (top) {
      (top as ChildNode).after(...nodes, after);
    } else {
      area.append(...nodes, after);
    }
    const caret = document.createRange();
    caret.setStart(after, 0);
    caret.collapse(true);
    sel?.removeAllRanges();
    sel?.addRange(caret);
    lockFigures();
    remember();
    onInput();
  };

  const addLink = async () => {
    remember();
    const selected = saved && !saved.collapsed ? saved.toString() : '';
    const values = await formDialog(
      t('dlg.link'),
      [
        { name: 'url', label: t('dlg.linkUrl'), kind: 'url', required: true, check: urlCheck },
        { name: 'text', label: t('dlg.linkText'), value: selected },
      ],
      t('dlg.insert'),
    );
    if (!values) return restore();
    const url = safeUrl(values.url)!;
    if (selected && values.text === selected) exec('createLink', url);
    else insertInline(h('a', { href: url }, values.text.trim() || url));
  };
  const addQuote = async () => {
    remember();
    const values = await formDialog(
      t('dlg.quote'),
      [
        {
          name: 'text',
          label: t('dlg.quoteText'),
          kind: 'textarea',
          required: true,
          value: saved && !saved.collapsed ? saved.toString() : '',
        },
        { name: 'source', label: t('dlg.quoteSource'), required: true },
        { name: 'url', label: t('dlg.quoteUrl'), kind: 'url', check: urlCheck },
        { name: 'lang', label: t('dlg.quoteLanguage'), check: languageCheck },
      ],
      t('dlg.insert'),
    );
    if (!values) return restore();
    insertBlock(quoteHtml(values.text, values.source, safeUrl(values.url), languageOf(values.lang, lang)));
  };
  // A short quote inside a sentence (<q>), in its own language and direction when that differs.
  const addInlineQuote = async () => {
    remember();
    const values = await formDialog(
      t('dlg.inlineQuote'),
      [
        {
          name: 'text',
          label: t('dlg.quoteText'),
          required: true,
          value: saved && !saved.collapsed ? saved.toString() : '',
        },
        { name: 'lang', label: t('dlg.quoteLanguage'), check: languageCheck },
      ],
      t('dlg.insert'),
    );
    if (!values) return restore();
    const other = languageOf(values.lang, lang);
    insertInline(h('q', other, values.text.trim()));
  };
  // Headings and paragraphs switch the current block; formatBlock keeps undo working.
  const block = (tag: 'h2' | 'h3' | 'p') => () => exec('formatBlock', tag);
  const addRule = () => insertBlock('<hr>');
  const addImage = async () => {
    remember();
    const values = await formDialog(
      t('dlg.image'),
      [
        { name: 'src', label: t('dlg.imageUrl'), kind: 'url', required: true, check: imageUrlCheck },
        { name: 'alt', label: t('dlg.imageAlt') },
        { name: 'caption', label: t('dlg.imageCaption') },
        { name: 'credit', label: t('dlg.imageCredit') },
      ],
      t('dlg.insert'),
    );
    if (!values) return restore();
    insertBlock(imageHtml(safeUrl(values.src, 'image')!, values.alt, values.caption, values.credit));
  };

  // Uploaded photos go in as a figure with the media item's path (see media-picker.ts).
  const photos = createMediaPicker((p) => insertBlock(imageHtml(mediaPath(p.media), p.alt, p.caption, p.credit)));
  // An embed block shows the readers' card; the server's preview fills it in when it answers.
  const insertEmbed = (url: string) => {
    const embed = parseEmbedUrl(url);
    if (!embed) return;
    insertBlock(embedBlockHtml(embed, lang));
    // fillEmbedPreviews never rejects (a missing preview leaves the card as it is).
    void fillEmbedPreviews(area, lang).then(lockFigures);
  };
  const addEmbed = async () => {
    remember();
    const values = await formDialog(
      t('dlg.embed'),
      [{ name: 'url', label: t('dlg.embedUrl'), kind: 'url', required: true, check: embedUrlCheck }],
      t('dlg.insert'),
    );
    if (!values) return restore();
    insertEmbed(values.url);
  };

  // Tools may be async (dialogs): each restores the selection and reports its own failure.
  const tool = (label: string, glyph: string, action: () => unknown, cls = '') =>
    h(
      'button',
      {
        type: 'button',
        class: `tool ${cls}`,
        title: label,
        'aria-label': label,
        // Keep the text selection in the editor when the button is clicked with a mouse.
        onmousedown: (e: MouseEvent) => e.preventDefault(),
        onclick: () => void action(),
      },
      glyph,
    );

  const toolbar = h(
    'div',
    { class: 'toolbar', role: 'toolbar', 'aria-label': t('tb.label'), 'aria-controls': area.id },
    tool(t('tb.bold'), t('tb.boldShort'), () => exec('bold'), 'bold'),
    tool(t('tb.italic'), t('tb.italicShort'), () => exec('italic'), 'italic'),
    tool(t('tb.link'), t('tb.linkShort'), addLink),
    tool(t('tb.h2'), t('tb.h2Short'), block('h2')),
    tool(t('tb.h3'), t('tb.h3Short'), block('h3')),
    tool(t('tb.paragraph'), t('tb.paragraphShort'), block('p')),
    tool(t('tb.bullets'), t('tb.bulletsShort'), () => exec('insertUnorderedList')),
    tool(t('tb.numbers'), t('tb.numbersShort'), () => exec('insertOrderedList')),
    tool(t('tb.quote'), t('tb.quoteShort'), addQuote),
    tool(t('tb.inlineQuote'), t('tb.inlineQuoteShort'), addInlineQuote),
    tool(t('tb.sub'), t('tb.subShort'), () => exec('subscript')),
    tool(t('tb.sup'), t('tb.supShort'), () => exec('superscript')),
    tool(t('tb.rule'), t('tb.ruleShort'), addRule),
    tool(t('tb.image'), t('tb.imageShort'), addImage),
    ...photos.tools,
    tool(t('tb.embed'), t('tb.embedShort'), addEmbed),
  );
  // One tab stop for the whole toolbar; arrow keys move inside it (mirrored right to left).
  const tools = Array.from(toolbar.querySelectorAll<HTMLButtonElement>('button'));
  tools.forEach((b, i) => (b.tabIndex = i === 0 ? 0 : -1));
  toolbar.addEventListener('keydown', (e) => {
    const at = tools.indexOf(document.activeElement as HTMLButtonElement);
    if (at < 0) return;
    const rtl = getComputedStyle(toolbar).direction === 'rtl';
    const step = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1 }[e.key];
    const next = step !== undefined ? (at + step + tools.length) % tools.length : edgeIndex(e.key, tools.length);
    if (next < 0) return;
    e.preventDefault();
    tools[at].tabIndex = -1;
    tools[next].tabIndex = 0;
    tools[next].focus();
  });

  // Figures are edited as a whole (delete and insert again): typing inside them mangles the markup.
  const lockFigures = () =>
    area.querySelectorAll('figure, hr').forEach((f) => f.setAttribute('contenteditable', 'false'));
  area.innerHTML = EMPTY_PARAGRAPH;

  area.addEventListener('input', onInput);
  area.addEventListener('keyup', remember);
  area.addEventListener('mouseup', remember);
  area.addEventListener('blur', remember);
  area.addEventListener('focus', () => document.execCommand('defaultParagraphSeparator', false, 'p'));
  area.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') {
      e.preventDefault();
      void addLink();
    }
  });
  // Photos dropped or pasted into the editor are uploaded, then placed where the caret is.
  area.addEventListener('dragover', (e) => {
    if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
  });
  area.addEventListener('drop', (e) => {
    if (!e.dataTransfer?.files.length) return;
    e.preventDefault();
    remember();
    photos.add(e.dataTransfer.files);
  });
  // Pasted content arrives as plain text paragraphs: styles from other sites never leak in.
  area.addEventListener('paste', (e) => {
    if (e.clipboardData?.files.length) {
      e.preventDefault();
      remember();
      photos.add(e.clipboardData.files);
      return;
    }
    const text = e.clipboardData?.getData('text/plain');
    if (text === undefined) return;
    e.preventDefault();
    // A supported post or video URL on its own line becomes an embed block.
    if (embedOfPastedText(text)) {
      remember();
      insertEmbed(text.trim());
      return;
    }
    if (!/\r?\n\s*\r?\n/.test(text)) {
      document.execCommand('insertText', false, text);
      return;
    }
    // Several paragraphs become blocks of their own, after the current one.
    remember();
    insertBlock(
      text
        .split(/\r?\n\s*\r?\n/)
        .map((p) => p.trim())
        .filter(Boolean)
        .map((p) => `<p>${escapeHtml(p).replace(/\r?\n/g, '<br>')}</p>`)
        .join(''),
    );
  });

  return {
    el: h('div', { class: 'editor' }, toolbar, area, photos.el),
    area,
    getHtml: () => cleanContent(area),
    setHtml: (html: string) => {
      area.innerHTML = cleanBody(html) || EMPTY_PARAGRAPH;
      upgradeEmbeds(area, lang);
      lockFigures();
      void fillEmbedPreviews(area, lang).then(lockFigures); // never rejects
      saved = null;
    },
    focus: () => area.focus(),
  };
}
