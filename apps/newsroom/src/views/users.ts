import { ROLES, type Role, type User } from '@liveline/contracts';
import { api, ApiError, describeError, session } from '../api';
import { field, h, labelCells, mount, preserveFocus, uid } from '../dom';
import { t } from '../i18n';
import type { View } from '../router';
import { announce, formDialog } from '../ui';
import { MIN_PASSWORD } from './account';

function roleSelect(value: Role, attrs: Record<string, unknown> = {}): HTMLSelectElement {
  const select = h(
    'select',
    attrs,
    ROLES.map((r) => h('option', { value: r }, t(`role.${r}` as any))),
  );
  select.value = value;
  return select;
}

/** Admins: add users, change roles, disable accounts (their tokens stop at once). */
export function usersView(): View {
  const me = session.user!;
  const list = h('div', { class: 'table-wrap' }, h('p', { class: 'muted' }, '…'));
  let users: User[] = [];

  const save = async (user: User, patch: { role?: Role; disabled?: boolean }) => {
    try {
      const updated = await api.updateUser(user.id, patch);
      Object.assign(user, updated ?? patch);
      announce(t('users.saved'));
    } catch (err) {
      announce(describeError(err, t), 'error');
      await load();
    }
  };

  // An admin sets a new password for someone (contract: PATCH /api/users/:id {password}).
  const resetPassword = async (user: User) => {
    const values = await formDialog(
      t('users.resetOf', { name: user.name }),
      [
        {
          name: 'password',
          label: t('account.next'),
          kind: 'password',
          required: true,
          check: (v) => (v.length >= MIN_PASSWORD ? null : t('account.tooShort')),
        },
      ],
      t('users.reset'),
    );
    if (!values) return;
    try {
      await api.updateUser(user.id, { password: values.password });
      announce(t('users.resetDone', { name: user.name }));
    } catch (err) {
      announce(describeError(err, t), 'error');
    }
  };

  const render = () => {
    renderRows();
    labelCells(list.querySelector('table'));
  };
  const renderRows = () =>
    preserveFocus(list, () =>
      mount(
        list,
        h(
          'table',
          { class: 'users' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', { scope: 'col' }, t('users.name')),
              h('th', { scope: 'col' }, t('users.email')),
              h('th', { scope: 'col' }, t('users.role')),
              h('th', { scope: 'col' }, t('users.disabled')),
              h('th', { scope: 'col' }, t('users.password')),
            ),
          ),
          h(
            'tbody',
            null,
            users.map((u) => {
              const self = u.id === me.id;
              const role = roleSelect(u.role, {
                'aria-label': t('users.roleOf', { name: u.name }),
                disabled: self,
                dataset: { key: `${u.id}:role` },
                onchange: () => save(u, { role: role.value as Role }),
              });
              const disabled = h('input', {
                type: 'checkbox',
                checked: !!u.disabled,
                disabled: self,
                'aria-label': t('users.disable', { name: u.name }),
                dataset: { key: `${u.id}:disabled` },
                onchange: () => save(u, { disabled: disabled.checked }),
              });
              return h(
                'tr',
                { class: u.disabled ? 'is-disabled' : '' },
                h('th', { scope: 'row' }, h('bdi', null, u.name), self ? ` ${t('users.you')}` : ''),
                h('td', null, h('bdi', { dir: 'ltr' }, u.email)),
                h('td', null, role),
                h('td', null, disabled),
                h(
                  'td',
                  null,
                  h(
                    'button',
                    {
                      type: 'button',
                      'aria-label': t('users.resetOf', { name: u.name }),
                      onclick: () => resetPassword(u),
                    },
                    t('users.reset'),
                  ),
                ),
              );
            }),
          ),
        ),
      ),
    );

  const load = async () => {
    try {
      const res = await api.users();
      users = Array.isArray(res) ? res : res.items;
      render();
    } catch (err) {
      mount(list, h('p', { class: 'form-error', role: 'alert' }, describeError(err, t)));
    }
  };

  const name = h('input', { type: 'text', name: 'name', required: true, autocomplete: 'off' });
  const email = h('input', { type: 'email', name: 'email', required: true, autocomplete: 'off', dir: 'ltr' });
  const password = h('input', {
    type: 'password',
    name: 'password',
    required: true,
    minlength: 8,
    autocomplete: 'new-password',
  });
  const role = roleSelect('contributor', { id: uid('role'), name: 'role' });
  const error = h('p', { class: 'form-error', role: 'alert' });
  const formTitle = uid('h');
  const form = h(
    'form',
    {
      class: 'card',
      'aria-labelledby': formTitle,
      onsubmit: async (e: SubmitEvent) => {
        e.preventDefault();
        error.textContent = '';
        try {
          const created = await api.createUser({
            name: name.value.trim(),
            email: email.value.trim(),
            password: password.value,
            role: role.value as Role,
          });
          announce(t('users.created', { email: created.email }));
          form.reset();
          await load();
          name.focus();
        } catch (err) {
          error.textContent = err instanceof ApiError && err.status === 409 ? t('users.taken') : describeError(err, t);
        }
      },
    },
    h('h2', { id: formTitle }, t('users.add')),
    error,
    h(
      'div',
      { class: 'grid-2' },
      field(t('users.name'), name),
      field(t('users.email'), email),
      field(t('users.password'), password, t('users.passwordHint')),
      field(t('users.role'), role),
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('users.create'))),
  );

  void load();
  return {
    el: h(
      'section',
      { class: 'page', 'aria-labelledby': 'users-title' },
      h('div', { class: 'page-head' }, h('h1', { id: 'users-title' }, t('users.title'))),
      list,
      form,
    ),
    title: t('users.title'),
  };
}
