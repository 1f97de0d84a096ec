import type { NextFunction, Request, Response } from 'express';

// Deeper JSON than any DTO needs makes the validators recurse until the stack overflows.
export const MAX_JSON_DEPTH = 32;

const SURROGATE = /[\ud800-\udfff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The string with each lone surrogate (which JSON's \u escapes allow) replaced by U+FFFD. */
export function wellFormed(s: string): string {
  return SURROGATE.test(s) ? s.replace(LONE_SURROGATE, '\ufffd') : s;
}

/**
 * Walks a parsed JSON value with an explicit stack (no recursion to overflow), making every
 * string well-formed in place. Returns the nesting depth, or stops past `stopAt`.
 */
export function normalizeJson(value: unknown, stopAt = Infinity): number {
  let max = 0;
  const stack: [object, number][] = value !== null && typeof value === 'object' ? [[value, 1]] : [];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (depth > max) max = depth;
    if (max > stopAt) return max;
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      let v = record[key];
      if (typeof v === 'string') v = record[key] = wellFormed(v);
      else if (v !== null && typeof v === 'object') stack.push([v, depth + 1]);
      const fixed = wellFormed(key);
      if (fixed !== key) {
        delete record[key];
        record[fixed] = v;
      }
    }
  }
  return max;
}

/**
 * After the JSON parser, before validation: refuses over-deep bodies with a 400, and replaces
 * lone surrogates, which crash validators (isEmail throws URIError) and PostgreSQL would
 * store as U+FFFD anyway.
 */
export function hardenJsonBody(req: Request, _res: Response, next: NextFunction): void {
  if (typeof req.body === 'string') req.body = wellFormed(req.body);
  if (normalizeJson(req.body, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    next(Object.assign(new Error(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`), { status: 400, type: 'entity.too.deep' }));
    return;
  }
  next();
}
