import type { Webhook, WebhookDelivery } from '@liveline/contracts';
import { describeError } from '../api';
import { field, h, mount, preserveFocus, uid } from '../dom';
import { currentLang, t } from '../i18n';
import type { View } from '../router';
import { announce, confirmDialog, infoDialog } from '../ui';
import { webhooksApi } from '../webhooks-api';

// This screen's strings live here rather than in i18n.ts, so it merges beside the other screens.
const STRINGS = {
  en: {
    title: 'Webhooks',
    intro: 'Every public event of the chosen stories is sent, signed, to these endpoints, in order.',
    add: 'Add a webhook',
    url: 'Endpoint URL',
    stories: 'Stories (slugs or ids, comma-separated; empty: all stories)',
    create: 'Add webhook',
    none: 'No webhooks yet.',
    state: 'State',
    active: 'active',
    paused: 'paused',
    failing: '{n} retrying',
    allStories: 'all stories',
    storiesN: '{n} stories',
    test: 'Send test',
    rotate: 'Rotate secret',
    pause: 'Pause',
    resume: 'Resume',
    remove: 'Delete',
    deliveries: 'Deliveries',
    secretTitle: 'Signing secret',
    secretOnce: 'Copy it now: it is shown only this once. Receivers check Liveline-Signature with it.',
    rotated: 'New secret. The old one keeps signing (a second v1=) until {until}.',
    tested: 'Test event answered {status}.',
    testFailed: 'Test event failed: {error}',
    confirmRemove: 'Delete the webhook to {url}? Deliveries stop at once.',
    recent: 'Recent deliveries of {url}',
    noDeliveries: 'No deliveries yet.',
    story: 'Story',
    seq: 'Seq',
    status: 'Status',
    attempts: 'Attempts',
    error: 'Last error',
    at: 'Delivered',
    delivered: 'delivered',
    retrying: 'retrying',
    actions: 'Actions',
  },
  ar: {
    title: 'الخطافات (Webhooks)',
    intro: 'يُرسَل كل حدث عام من القصص المختارة، موقّعًا وبالترتيب، إلى هذه العناوين.',
    add: 'أضف خطافًا',
    url: 'عنوان نقطة الاستقبال',
    stories: 'القصص (معرّفات مفصولة بفواصل؛ فارغ: كل القصص)',
    create: 'أضف الخطاف',
    none: 'لا خطافات بعد.',
    state: 'الحالة',
    active: 'نشط',
    paused: 'موقوف',
    failing: '{n} قيد الإعادة',
    allStories: 'كل القصص',
    storiesN: '{n} قصص',
    test: 'أرسل تجربة',
    rotate: 'بدّل السر',
    pause: 'أوقف',
    resume: 'استأنف',
    remove: 'احذف',
    deliveries: 'التسليمات',
    secretTitle: 'سر التوقيع',
    secretOnce: 'انسخه الآن: لن يظهر مرة أخرى. يتحقق المستقبِل به من Liveline-Signature.',
    rotated: 'سر جديد. يبقى القديم يوقّع (v1= ثانٍ) حتى {until}.',
    tested: 'أجاب حدث التجربة بـ {status}.',
    testFailed: 'فشل حدث التجربة: {error}',
    confirmRemove: 'أتحذف الخطاف إلى {url}؟ يتوقف الإرسال فورًا.',
    recent: 'آخر التسليمات إلى {url}',
    noDeliveries: 'لا تسليمات بعد.',
    story: 'القصة',
    seq: 'الرقم',
    status: 'الحالة',
    attempts: 'المحاولات',
    error: 'آخر خطأ',
    at: 'سُلّم',
    delivered: 'سُلّم',
    retrying: 'قيد الإعادة',
    actions: 'إجراءات',
  },
};
type Key = keyof (typeof STRINGS)['en'];

function w(key: Key, vars: Record<string, string | number> = {}): string {
  const text: string = STRINGS[currentLang()][key] ?? STRINGS.en[key];
  return text.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
}

const when = (iso?: string) => (iso ? new Date(iso).toLocaleString(currentLang()) : '');
const REFRESH_MS = 5000;

function secretDialog(secret: string, note: string): void {
  infoDialog(
    w('secretTitle'),
    h('div', null, h('p', null, note), h('p', null, h('code', { class: 'secret', dir: 'ltr' }, secret))),
  );
}

/** Admins: webhooks, their state and latest deliveries; test, rotate, pause and resume. */
export function webhooksView(): View {
  const list = h('div', { class: 'table-wrap' }, h('p', { class: 'muted' }, '…'));
  const detail = h('section', { class: 'card webhook-deliveries', 'aria-live': 'polite' });
  let hooks: Webhook[] = [];
  let selected: string | null = null;

  const act = async (work: () => Promise<void>) => {
    try {
      await work();
    } catch (err) {
      announce(describeError(err, t), 'error');
    }
    await load();
  };

  const row = (hook: Webhook) => {
    const state = h(
      'td',
      null,
      h('span', { class: `badge webhook-state ${hook.state}` }, w(hook.state)),
      hook.pausedReason ? h('div', { class: 'muted webhook-reason' }, hook.pausedReason) : null,
      hook.failing
        ? h(
            'div',
            { class: 'form-error webhook-failing' },
            w('failing', { n: hook.failing }),
            hook.lastError ? `: ${hook.lastError}` : '',
          )
        : null,
    );
    // Handlers may be async: act() shows their failure.
    const button = (label: string, action: () => unknown, cls = '') =>
      h(
        'button',
        { type: 'button', class: cls, onclick: () => void action(), dataset: { key: `${hook.id}:${label}` } },
        label,
      );
    return h(
      'tr',
      { class: hook.id === selected ? 'is-selected' : '', dataset: { webhook: hook.id } },
      h(
        'th',
        { scope: 'row' },
        h('bdi', { dir: 'ltr' }, hook.url),
        h('div', { class: 'muted' }, hook.stories ? w('storiesN', { n: hook.stories.length }) : w('allStories')),
      ),
      state,
      h(
        'td',
        null,
        h(
          'div',
          { class: 'button-row' },
          button(w('deliveries'), () => {
            selected = hook.id;
            void showDeliveries();
            render();
          }),
          button(w('test'), () =>
            act(async () => {
              const r = await webhooksApi.test(hook.id);
              if (r.ok) announce(w('tested', { status: r.httpStatus ?? '' }));
              else announce(w('testFailed', { error: r.error ?? `HTTP ${r.httpStatus}` }), 'error');
            }),
          ),
          button(w('rotate'), () =>
            act(async () => {
              const r = await webhooksApi.rotate(hook.id);
              secretDialog(r.secret, w('rotated', { until: when(r.previousSecretUntil) }));
            }),
          ),
          hook.state === 'active'
            ? button(w('pause'), () => act(async () => void (await webhooksApi.pause(hook.id))))
            : button(w('resume'), () => act(async () => void (await webhooksApi.resume(hook.id)))),
          button(
            w('remove'),
            () =>
              void confirmDialog(w('confirmRemove', { url: hook.url }), w('remove')).then((ok) =>
                ok
                  ? act(async () => {
                      await webhooksApi.remove(hook.id);
                      if (selected === hook.id) selected = null;
                    })
                  : undefined,
              ),
            'danger',
          ),
        ),
      ),
    );
  };

  const render = () =>
    preserveFocus(list, () =>
      mount(
        list,
        hooks.length
          ? h(
              'table',
              { class: 'webhooks' },
              h(
                'thead',
                null,
                h(
                  'tr',
                  null,
                  h('th', { scope: 'col' }, w('url')),
                  h('th', { scope: 'col' }, w('state')),
                  h('th', { scope: 'col' }, w('actions')),
                ),
              ),
              h('tbody', null, hooks.map(row)),
            )
          : h('p', { class: 'muted' }, w('none')),
      ),
    );

  const deliveryRow = (d: WebhookDelivery) =>
    h(
      'tr',
      { class: `delivery ${d.status}`, dataset: { seq: String(d.seq) } },
      h('td', null, h('bdi', { dir: 'ltr' }, d.storyId.slice(0, 8))),
      h('td', null, String(d.seq)),
      h('td', null, w(d.status === 'delivered' ? 'delivered' : 'retrying'), d.httpStatus ? ` (${d.httpStatus})` : ''),
      h('td', null, String(d.attempts)),
      h('td', { class: 'delivery-error' }, d.lastError ? h('bdi', { dir: 'ltr' }, d.lastError) : ''),
      h('td', null, when(d.deliveredAt)),
    );

  const showDeliveries = async () => {
    const hook = hooks.find((x) => x.id === selected);
    if (!hook) return mount(detail);
    try {
      const { items } = await webhooksApi.deliveries(hook.id);
      const headId = uid('h');
      mount(
        detail,
        h('h2', { id: headId }, w('recent', { url: hook.url })),
        items.length
          ? h(
              'div',
              { class: 'table-wrap' },
              h(
                'table',
                { class: 'deliveries', 'aria-labelledby': headId },
                h(
                  'thead',
                  null,
                  h(
                    'tr',
                    null,
                    ...(['story', 'seq', 'status', 'attempts', 'error', 'at'] as const).map((k) =>
                      h('th', { scope: 'col' }, w(k)),
                    ),
                  ),
                ),
                h('tbody', null, items.map(deliveryRow)),
              ),
            )
          : h('p', { class: 'muted' }, w('noDeliveries')),
      );
    } catch (err) {
      mount(detail, h('p', { class: 'form-error', role: 'alert' }, describeError(err, t)));
    }
  };

  const load = async () => {
    try {
      hooks = (await webhooksApi.list()).items;
      render();
      if (selected) await showDeliveries();
    } catch (err) {
      mount(list, h('p', { class: 'form-error', role: 'alert' }, describeError(err, t)));
    }
  };

  const url = h('input', {
    type: 'url',
    name: 'url',
    required: true,
    autocomplete: 'off',
    dir: 'ltr',
    placeholder: 'https://partner.example/liveline',
  });
  const stories = h('input', { type: 'text', name: 'stories', autocomplete: 'off', dir: 'ltr' });
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
        const refs = stories.value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        try {
          const created = await webhooksApi.create({
            url: url.value.trim(),
            ...(refs.length ? { stories: refs } : {}),
          });
          form.reset();
          selected = created.id;
          await load();
          secretDialog(created.secret, w('secretOnce'));
        } catch (err) {
          error.textContent = describeError(err, t);
        }
      },
    },
    h('h2', { id: formTitle }, w('add')),
    error,
    h('div', { class: 'grid-2' }, field(w('url'), url), field(w('stories'), stories)),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, w('create'))),
  );

  void load();
  // States and retries change on the server by themselves; keep the screen current.
  const timer = window.setInterval(() => void load(), REFRESH_MS);
  return {
    el: h(
      'section',
      { class: 'page', 'aria-labelledby': 'webhooks-title' },
      h('div', { class: 'page-head' }, h('h1', { id: 'webhooks-title' }, w('title'))),
      h('p', { class: 'muted' }, w('intro')),
      list,
      detail,
      form,
    ),
    title: w('title'),
    dispose: () => window.clearInterval(timer),
  };
}
