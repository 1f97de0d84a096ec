import type { ServerResponse } from 'node:http';

type HeaderMap = Record<string, [string, string]>;

let outHeaders: symbol | null | undefined;

/** Node's own header map of a response (`kOutHeaders`), found once; null if Node has none. */
function outHeadersOf(res: ServerResponse): symbol | null {
  outHeaders ??= Object.getOwnPropertySymbols(res).find((s) => s.description === 'kOutHeaders') ?? null;
  return outHeaders;
}

/**
 * `res.writeHead(status, flat)` without Node checking every name and value again: a prepared
 * entry's headers were checked when the full pipeline set them, and what is filled in per
 * response (a request id of `[\w-]`, a base64 nonce) cannot carry a forbidden character. Node
 * writes a response's own header map (what `setHeader` fills) unchecked, so the headers go in
 * as that map, in their order, with their original names, and the bytes on the wire are the
 * same. `lower`: the names in lower case, computed once per entry. Falls back to the checked
 * `writeHead` where Node's internals are not as expected or the response already holds headers.
 */
export function writeHeadPrevalidated(res: ServerResponse, status: number, flat: string[], lower: string[]): void {
  const key = outHeadersOf(res);
  const holder = res as unknown as Record<symbol, unknown>;
  if (!key || holder[key] != null || lower.length * 2 !== flat.length) {
    res.writeHead(status, flat);
    return;
  }
  const map = Object.create(null) as HeaderMap;
  for (let i = 0; i < lower.length; i++) map[lower[i]] = [flat[2 * i], flat[2 * i + 1]];
  holder[key] = map;
  res.writeHead(status);
}
