// A tiny hyperscript helper: enough to build views without a framework.
export type Child = Node | string | number | null | undefined | false | Child[];
type Listener = (event: any) => void;
export type Props = Record<string, unknown>;

// Properties set directly on the element rather than as attributes, so they reflect live state.
const PROPERTIES = new Set(['value', 'checked', 'disabled', 'hidden', 'selected', 'required', 'readOnly', 'open']);

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props?: Props | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props) applyProps(el, props);
  append(el, children);
  return el;
}

function applyProps(el: HTMLElement, props: Props): void {
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) {
      if (PROPERTIES.has(key)) (el as any)[key] = false;
      continue;
    }
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value as Listener);
    } else if (key === 'class') {
      el.className = String(value);
    } else if (key === 'for') {
      (el as HTMLLabelElement).htmlFor = String(value);
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key === 'ref') {
      (value as (el: HTMLElement) => void)(el);
    } else if (PROPERTIES.has(key)) {
      (el as any)[key] = value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

export function mount(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

let ids = 0;
/** A unique id for label/aria wiring. */
export function uid(prefix = 'f'): string {
  return `${prefix}-${++ids}`;
}

/** A labelled form field: label above the control, hint and error below, wired by ids. */
export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  const id = control.id || (control.id = uid());
  const hintEl = hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, hintEl);
}

export function checkbox(label: string, input: HTMLInputElement): HTMLElement {
  input.type = 'checkbox';
  return h('label', { class: 'check' }, input, h('span', null, label));
}

/**
 * Re-renders a region without losing keyboard focus: the focused element's `data-key` is
 * looked up again in the new content.
 */
export function preserveFocus(container: Element, render: () => void): void {
  const active = document.activeElement;
  const key = active && container.contains(active) ? (active as HTMLElement).dataset?.key : undefined;
  render();
  if (key) container.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`)?.focus();
}

/** Home and End in a one-tab-stop toolbar: the first or last of `count` items, or -1 for other keys. */
export function edgeIndex(key: string, count: number): number {
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return -1;
}

/** Gives each cell its column's heading as data-label: on phones, rows stack and show it above the value. */
export function labelCells(table: Element | null): void {
  if (!table) return;
  const heads = Array.from(table.querySelectorAll('thead th')).map((th) => th.textContent ?? '');
  for (const tr of Array.from(table.querySelectorAll('tbody tr'))) {
    Array.from(tr.children).forEach((cell, i) => {
      if (cell.tagName === 'TD' && heads[i]) cell.setAttribute('data-label', heads[i]);
    });
  }
}
