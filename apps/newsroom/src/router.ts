// History-based routing under /newsroom; the server answers every /newsroom/* path with the shell.
export const BASE = '/newsroom';

export interface View {
  el: HTMLElement;
  title: string;
  /** Called when the view is replaced: close sockets, stop timers. */
  dispose?: () => void;
}

export type Params = Record<string, string>;
type Route = { pattern: RegExp; keys: string[]; render: (params: Params) => View };

const routes: Route[] = [];
let onNavigate: () => void = () => undefined;

/** `path` like '/stories/:ref/settings', relative to BASE. */
export function route(path: string, render: (params: Params) => View): void {
  const keys: string[] = [];
  const source = path.replace(/:(\w+)/g, (_, key: string) => {
    keys.push(key);
    return '([^/]+)';
  });
  routes.push({ pattern: new RegExp(`^${source}/?$`), keys, render });
}

export function match(pathname: string): { render: (params: Params) => View; params: Params } | null {
  const rel = pathname.startsWith(BASE) ? pathname.slice(BASE.length) || '/' : pathname;
  for (const r of routes) {
    const m = r.pattern.exec(rel);
    if (m)
      return { render: r.render, params: Object.fromEntries(r.keys.map((k, i) => [k, decodeURIComponent(m[i + 1])])) };
  }
  return null;
}

export function navigate(path: string, replace = false): void {
  const url = path.startsWith(BASE) ? path : BASE + (path === '/' ? '' : path);
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  onNavigate();
}

export function href(path: string): string {
  return BASE + (path === '/' ? '' : path);
}

export function startRouter(render: () => void): void {
  onNavigate = render;
  window.addEventListener('popstate', render);
  // Same-app links navigate without a reload; modified clicks still open tabs as usual.
  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = (e.target as Element).closest?.('a');
    if (!a || a.target || a.hasAttribute('download') || a.origin !== location.origin) return;
    if (!a.pathname.startsWith(BASE)) return;
    e.preventDefault();
    if (a.pathname + a.search !== location.pathname + location.search) navigate(a.pathname + a.search);
  });
}
