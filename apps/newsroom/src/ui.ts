import { fromZonedInput, toZonedInput } from '@liveline/contracts';
import { h, uid, type Child } from './dom';
import { t, tParts, type MessageKey } from './i18n';

let toastTimer: number | undefined;

/** A short message in the page's status region: visible, and read out by screen readers. */
export function announce(message: string, tone: 'ok' | 'error' = 'ok'): void {
  const region = document.getElementById('toast');
  if (!region) return;
  region.className = `toast ${tone}`;
  region.textContent = message;
  window.clearTimeout(toastTimer);
  toastTimer = window.setTimeout(() => {
    region.textContent = '';
    region.className = 'toast';
  }, 6000);
}

function openDialog(dialog: HTMLDialogElement): void {
  document.body.appendChild(dialog);
  dialog.showModal();
}

function closeDialog(dialog: HTMLDialogElement, returnFocus: Element | null): void {
  if (dialog.open) dialog.close();
  dialog.remove();
  if (returnFocus instanceof HTMLElement && returnFocus.isConnected) returnFocus.focus();
}

export interface DialogField {
  name: string;
  label: string;
  kind?: 'text' | 'url' | 'textarea' | 'password';
  value?: string;
  required?: boolean;
  /** Returns an error message, or null when the value is fine. */
  check?: (value: string) => string | null;
}

/** A modal form; resolves with the values, or null when cancelled (Escape or Cancel). */
export function formDialog(
  title: string,
  fields: DialogField[],
  submitLabel: string,
): Promise<Record<string, string> | null> {
  return new Promise((resolve) => {
    const returnFocus = document.activeElement;
    const titleId = uid('dlg');
    const inputs = new Map<string, HTMLInputElement | HTMLTextAreaElement>();
    const errors = new Map<string, HTMLElement>();
    const rows = fields.map((f) => {
      const id = uid('dlg-f');
      const control =
        f.kind === 'textarea'
          ? h('textarea', { id, name: f.name, rows: 4 })
          : h('input', {
              id,
              name: f.name,
              type: f.kind === 'url' || f.kind === 'password' ? f.kind : 'text',
              autocomplete: f.kind === 'password' ? 'new-password' : 'off',
            });
      control.value = f.value ?? '';
      const err = h('p', { class: 'field-error', id: `${id}-err` });
      control.setAttribute('aria-describedby', err.id);
      inputs.set(f.name, control);
      errors.set(f.name, err);
      return h('div', { class: 'field' }, h('label', { for: id }, f.label), control, err);
    });
    let done = false;
    const finish = (value: Record<string, string> | null) => {
      if (done) return;
      done = true;
      closeDialog(dialog, returnFocus);
      resolve(value);
    };
    const form = h(
      'form',
      {
        onsubmit: (e: SubmitEvent) => {
          e.preventDefault();
          const values: Record<string, string> = {};
          let firstBad: HTMLElement | null = null;
          for (const f of fields) {
            const v = inputs.get(f.name)!.value;
            values[f.name] = v;
            let problem: string | null = null;
            if (f.required && !v.trim()) problem = t('dlg.required');
            else if (v.trim() && f.check) problem = f.check(v);
            const input = inputs.get(f.name)!;
            errors.get(f.name)!.textContent = problem ?? '';
            input.setAttribute('aria-invalid', problem ? 'true' : 'false');
            if (problem && !firstBad) firstBad = input;
          }
          if (firstBad) (firstBad as HTMLElement).focus();
          else finish(values);
        },
      },
      h('h2', { id: titleId }, title),
      rows,
      h(
        'div',
        { class: 'dialog-actions' },
        h('button', { type: 'submit', class: 'primary' }, submitLabel),
        h('button', { type: 'button', onclick: () => finish(null) }, t('dlg.cancel')),
      ),
    );
    const dialog = h('dialog', { 'aria-labelledby': titleId, oncancel: () => finish(null) }, form);
    openDialog(dialog);
    inputs.get(fields[0].name)?.focus();
  });
}

/** Asks before something that cannot be undone; the safe choice has the focus. */
export function confirmDialog(message: string, confirmLabel: string): Promise<boolean> {
  return new Promise((resolve) => {
    const returnFocus = document.activeElement;
    const msgId = uid('dlg');
    let done = false;
    const finish = (ok: boolean) => {
      if (done) return;
      done = true;
      closeDialog(dialog, returnFocus);
      resolve(ok);
    };
    const cancel = h('button', { type: 'button', onclick: () => finish(false) }, t('dlg.cancel'));
    const dialog = h(
      'dialog',
      { role: 'alertdialog', 'aria-describedby': msgId, 'aria-labelledby': msgId, oncancel: () => finish(false) },
      h('p', { id: msgId }, message),
      h(
        'div',
        { class: 'dialog-actions' },
        h('button', { type: 'button', class: 'danger', onclick: () => finish(true) }, confirmLabel),
        cancel,
      ),
    );
    openDialog(dialog);
    cancel.focus();
  });
}

/** A read-only modal with a title and any content. */
export function infoDialog(title: string, content: Child): void {
  const returnFocus = document.activeElement;
  const titleId = uid('dlg');
  const close = h('button', { type: 'button', onclick: () => closeDialog(dialog, returnFocus) }, t('close'));
  const dialog = h(
    'dialog',
    { 'aria-labelledby': titleId, oncancel: () => closeDialog(dialog, returnFocus) },
    h('h2', { id: titleId }, title),
    content,
    h('div', { class: 'dialog-actions' }, close),
  );
  openDialog(dialog);
  close.focus();
}

/** datetime-local text (local time, minute precision) for an ISO instant, and back. */
/** A datetime-local value of an instant, in the story's zone (not the browser's). */
export function toLocalInput(iso: string | null | undefined, timeZone: string): string {
  return toZonedInput(iso, timeZone);
}

/** The instant a datetime-local value means in the story's zone, or null. */
export function fromLocalInput(value: string, timeZone: string): string | null {
  return value ? fromZonedInput(value, timeZone) : null;
}

/** A translated message as nodes, with its variables in <bdi> (mixed Arabic and Latin stays in order). */
export function tNodes(key: MessageKey, vars: Record<string, string | number>): (string | HTMLElement)[] {
  return tParts(key, vars).map((p) => (typeof p === 'string' ? p : h('bdi', null, p.value)));
}

/** "Ukraine Time (Europe/Kyiv)": the zone's name in the newsroom's language, and its IANA id. */
export function zoneName(timeZone: string): string {
  try {
    const name = new Intl.DateTimeFormat(document.documentElement.lang || 'en', {
      timeZone,
      timeZoneName: 'shortGeneric',
    })
      .formatToParts(new Date())
      .find((p) => p.type === 'timeZoneName')?.value;
    return name && name !== timeZone ? `${name} (${timeZone})` : timeZone;
  } catch {
    return timeZone;
  }
}
