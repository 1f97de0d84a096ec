import type { NextFunction, Request, Response } from 'express';

// Deeper JSON than any DTO needs makes the validators recurse until the stack overflows.
export const MAX_JSON_DEPTH = 32;

/** Nesting depth of a parsed JSON value, walked with an explicit stack (no recursion to overflow). */
export function jsonDepth(value: unknown, stopAt = Infinity): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    const d = depth + 1;
    if (d > max) max = d;
    if (max > stopAt) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, d]);
  }
  return max;
}

/** After the JSON parser: refuses over-deep bodies with a 400 before validation sees them. */
export function refuseDeepJson(req: Request, _res: Response, next: NextFunction): void {
  if (jsonDepth(req.body, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    next(Object.assign(new Error(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`), { status: 400, type: 'entity.too.deep' }));
    return;
  }
  next();
}
