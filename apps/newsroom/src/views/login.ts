import { api, ApiError, describeError, session } from '../api';
import { field, h } from '../dom';
import { t } from '../i18n';
import type { View } from '../router';

export function loginView(onSignedIn: () => void, notice?: string): View {
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'username', required: true });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const error = h('p', { class: 'form-error', role: 'alert' }, notice ?? '');
  const submit = h('button', { type: 'submit', class: 'primary' }, t('login.submit'));

  const form = h(
    'form',
    {
      class: 'card narrow',
      'aria-labelledby': 'login-title',
      onsubmit: async (e: SubmitEvent) => {
        e.preventDefault();
        submit.disabled = true;
        error.textContent = '';
        try {
          const result = await api.login(email.value.trim(), password.value);
          session.set(result.token, result.user);
          onSignedIn();
        } catch (err) {
          if (err instanceof ApiError && (err.status === 401 || err.status === 400)) error.textContent = t('login.bad');
          else if (err instanceof ApiError && err.status === 429) error.textContent = t('login.limited');
          else error.textContent = describeError(err, t);
          password.select();
          password.focus();
        } finally {
          submit.disabled = false;
        }
      },
    },
    h('h1', { id: 'login-title' }, t('login.title')),
    error,
    field(t('login.email'), email),
    field(t('login.password'), password),
    h('div', { class: 'actions' }, submit),
  );
  queueMicrotask(() => email.focus());
  return { el: form, title: t('login.title') };
}
