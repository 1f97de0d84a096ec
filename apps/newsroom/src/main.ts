import { roleAtLeast } from '@liveline/contracts';
import { api, session, SESSION_ENDED } from './api';
import { h, mount } from './dom';
import { currentLang, setLang, t } from './i18n';
import { BASE, href, match, navigate, route, startRouter, type View } from './router';
import { deskView } from './views/desk';
import { loginView } from './views/login';
import { storiesView } from './views/stories';
import { storyFormView } from './views/story-form';
import { usersView } from './views/users';
import { webhooksView } from './views/webhooks';
import { accountView } from './views/account';
import { auditView } from './views/audit';

const app = document.getElementById('app')!;
let current: View | null = null;
let loginNotice: string | undefined;

route('/', () => storiesView());
route('/stories/new', () => storyFormView());
route('/stories/:ref', (p) => deskView(p.ref));
route('/stories/:ref/settings', (p) => storyFormView(p.ref));
route('/users', () => (session.user && roleAtLeast(session.user.role, 'admin') ? usersView() : storiesView()));
route('/webhooks', () => (session.user && roleAtLeast(session.user.role, 'admin') ? webhooksView() : storiesView()));
route('/audit', () => (session.user && roleAtLeast(session.user.role, 'admin') ? auditView() : storiesView()));
route('/account', () => accountView());

function topBar(): HTMLElement {
  const user = session.user;
  const here = location.pathname;
  const navLink = (path: string, label: string) =>
    h(
      'a',
      {
        href: href(path),
        'aria-current': (
          path === '/'
            ? here === BASE || here === `${BASE}/` || here.startsWith(`${BASE}/stories`)
            : here.startsWith(href(path))
        )
          ? 'page'
          : undefined,
      },
      label,
    );
  return h(
    'header',
    { class: 'topbar' },
    h('a', { class: 'skip', href: '#main' }, t('skip')),
    h('a', { class: 'brand', href: href('/') }, t('app')),
    user
      ? h(
          'nav',
          { 'aria-label': t('nav.main') },
          navLink('/', t('nav.stories')),
          roleAtLeast(user.role, 'admin') ? navLink('/users', t('nav.users')) : null,
          roleAtLeast(user.role, 'admin')
            ? navLink('/webhooks', currentLang() === 'ar' ? 'الخطافات' : 'Webhooks')
            : null,
          roleAtLeast(user.role, 'admin') ? navLink('/audit', t('nav.audit')) : null,
          navLink('/account', t('nav.account')),
        )
      : null,
    h('span', { class: 'spacer' }),
    user ? h('span', { class: 'who' }, h('bdi', null, user.name), ` · ${t(`role.${user.role}` as any)}`) : null,
    h(
      'button',
      {
        type: 'button',
        class: 'lang-switch',
        lang: currentLang() === 'ar' ? 'en' : 'ar',
        'aria-label': t('nav.switchLabel'),
        onclick: switchLanguage,
      },
      t('nav.switch'),
    ),
    user ? h('button', { type: 'button', onclick: signOut }, t('nav.signOut')) : null,
  );
}

function render(): void {
  current?.dispose?.();
  let view: View;
  if (!session.user) {
    if (location.pathname !== `${BASE}/login`)
      history.replaceState(
        null,
        '',
        `${BASE}/login${location.pathname.startsWith(BASE) && location.pathname.length > BASE.length + 1 ? `?next=${encodeURIComponent(location.pathname)}` : ''}`,
      );
    view = loginView(afterSignIn, loginNotice);
    loginNotice = undefined;
  } else {
    const found = match(location.pathname === `${BASE}/login` ? BASE : location.pathname);
    view = found ? found.render(found.params) : storiesView();
  }
  current = view;
  const main = h('main', { id: 'main', tabindex: '-1' }, view.el);
  mount(app, topBar(), main, h('div', { id: 'toast', class: 'toast', role: 'status', 'aria-live': 'polite' }));
  document.title = `${view.title} · ${t('app')}`;
}

/** Route changes move focus to the new content, as a page load would. */
function renderAndFocus(): void {
  render();
  const main = document.getElementById('main');
  if (main && !main.contains(document.activeElement)) main.focus({ preventScroll: true });
}

function afterSignIn(): void {
  const next = new URLSearchParams(location.search).get('next');
  navigate(next && next.startsWith(BASE) ? next : BASE, true);
}

async function signOut(): Promise<void> {
  try {
    await api.logout();
  } catch {
    // The token is dropped locally either way; a failed revoke only leaves it to expire.
  }
  session.clear();
  // Unsent entries are kept per user for reloads and crashes, not for the next person at this desk.
  for (const key of Object.keys(localStorage))
    if (key.startsWith('liveline.newsroom.compose.')) localStorage.removeItem(key);
  navigate('/login');
}

function switchLanguage(): void {
  setLang(currentLang() === 'ar' ? 'en' : 'ar');
  render();
  document.querySelector<HTMLElement>('.lang-switch')?.focus();
}

window.addEventListener(SESSION_ENDED, () => {
  loginNotice = t('login.expired');
  render();
});

async function boot(): Promise<void> {
  setLang(currentLang());
  startRouter(renderAndFocus);
  if (session.token && !session.user) {
    try {
      session.set(session.token, await api.me());
    } catch {
      session.clear();
    }
  }
  render();
  // Refresh the cached user in the background: a role change or a revoked token shows up now.
  if (session.token && session.user) {
    api.me().then(
      (user) => {
        const changed = user.role !== session.user?.role || user.name !== session.user?.name;
        session.set(session.token!, user);
        if (changed) render();
      },
      () => undefined,
    );
  }
}

void boot();

// Where the layout viewport does not shrink for the on-screen keyboard (iOS Safari, older
// Chrome), lift the composer's sticky buttons by the keyboard's height.
function trackKeyboard(): void {
  const vv = window.visualViewport;
  if (!vv) return;
  const sync = () => {
    const inset = Math.max(0, window.innerHeight - vv.height - vv.offsetTop);
    document.documentElement.style.setProperty('--keyboard-inset', `${Math.round(inset)}px`);
  };
  vv.addEventListener('resize', sync);
  vv.addEventListener('scroll', sync);
  sync();
}
trackKeyboard();
