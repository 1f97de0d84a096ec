import { api, ApiError, describeError } from '../api';
import { field, h, uid } from '../dom';
import { t } from '../i18n';
import type { View } from '../router';
import { announce } from '../ui';

// The same rule as at creation (the server checks it too).
export const MIN_PASSWORD = 8;

/** One's own account: change the password (the server then ends every other session). */
export function accountView(): View {
  const current = h('input', { type: 'password', name: 'current', required: true, autocomplete: 'current-password' });
  const next = h('input', {
    type: 'password',
    name: 'next',
    required: true,
    minlength: MIN_PASSWORD,
    autocomplete: 'new-password',
  });
  const confirm = h('input', {
    type: 'password',
    name: 'confirm',
    required: true,
    minlength: MIN_PASSWORD,
    autocomplete: 'new-password',
  });
  const error = h('p', { class: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('account.submit'));
  const titleId = uid('h');
  const fail = (message: string, input: HTMLInputElement) => {
    error.textContent = message;
    input.focus();
  };
  const form = h(
    'form',
    {
      class: 'card',
      'aria-labelledby': titleId,
      novalidate: true,
      onsubmit: async (e: SubmitEvent) => {
        e.preventDefault();
        error.textContent = '';
        if (!current.value) return fail(t('account.wrongCurrent'), current);
        if (next.value.length < MIN_PASSWORD) return fail(t('account.tooShort'), next);
        if (next.value !== confirm.value) return fail(t('account.mismatch'), confirm);
        submit.disabled = true;
        try {
          await api.changePassword(current.value, next.value);
          form.reset();
          announce(t('account.changed'));
          error.textContent = '';
          current.focus();
        } catch (err) {
          if (err instanceof ApiError && err.status === 403) fail(t('account.wrongCurrent'), current);
          else error.textContent = describeError(err, t);
        } finally {
          submit.disabled = false;
        }
      },
    },
    h('h2', { id: titleId }, t('account.password')),
    error,
    field(t('account.current'), current),
    field(t('account.next'), next, t('users.passwordHint')),
    field(t('account.confirm'), confirm),
    h('div', { class: 'actions' }, submit),
  );
  queueMicrotask(() => current.focus());
  return {
    el: h(
      'section',
      { class: 'page', 'aria-labelledby': 'account-title' },
      h('div', { class: 'page-head' }, h('h1', { id: 'account-title' }, t('account.title'))),
      form,
    ),
    title: t('account.title'),
  };
}
