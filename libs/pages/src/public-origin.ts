import type { Env } from '@liveline/core';
import type { Request } from 'express';

const HOST_SYNTAX = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i;

/** The host name of a Host header, lower-cased, without its port (`[::1]:3000` → `[::1]`). */
export function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.indexOf(':');
  return colon === -1 ? h : h.slice(0, colon);
}

/** Whether a Host header names one of ALLOWED_HOSTS (any port); `.example.com` also allows its subdomains. */
export function hostAllowed(env: Pick<Env, 'ALLOWED_HOSTS'>, host: string | undefined): boolean {
  // A name (or bracketed IPv6) and an optional numeric port, nothing else: `localhost:@evil.example` is refused.
  if (!host || !HOST_SYNTAX.test(host.trim())) return false;
  const name = hostName(host);
  return env.ALLOWED_HOSTS.split(',').some((raw) => {
    const allowed = raw.trim().toLowerCase();
    if (!allowed) return false;
    return allowed.startsWith('.') ? name === allowed.slice(1) || name.endsWith(allowed) : name === allowed;
  });
}

/**
 * The origin readers reach the service at, for every absolute URL the service writes (canonical
 * links, JSON-LD, feeds, oEmbed). PUBLIC_URL when set; without it, the request's Host only when
 * it is one of ALLOWED_HOSTS (default: localhost and loopback addresses), else
 * `http://localhost:PORT`. Without PUBLIC_URL the answer depends on the Host header, so this also
 * adds `Vary: Host` to the response: call it for every response whose body or headers use it.
 */
export function publicOrigin(env: Pick<Env, 'PUBLIC_URL' | 'ALLOWED_HOSTS' | 'PORT'>, req: Request): string {
  if (env.PUBLIC_URL) return new URL(env.PUBLIC_URL).origin;
  req.res?.vary('Host');
  const host = req.get('host');
  if (hostAllowed(env, host)) return `${req.protocol}://${host!.trim().toLowerCase()}`;
  return `http://localhost:${env.PORT}`;
}
