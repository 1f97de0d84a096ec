import type { NextFunction, Request, Response } from 'express';

// Deeper JSON than any DTO needs makes the validators recurse until the stack overflows.
export const MAX_JSON_DEPTH = 32;
// Object keys and array elements in one body: far more than any request needs, few enough that
// walking, transforming and validating them stays within milliseconds.
export const MAX_JSON_NODES = 10_000;

const SURROGATE = /[\ud800-\udfff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The string with each lone surrogate (which JSON's \u escapes allow) replaced by U+FFFD. */
export function wellFormed(s: string): string {
  return SURROGATE.test(s) ? s.replace(LONE_SURROGATE, '\ufffd') : s;
}

/** Nesting depth and node count (object keys and array elements) of a JSON value. */
export interface JsonShape {
  depth: number;
  nodes: number;
}

/**
 * Walks a parsed JSON value with an explicit stack (no recursion to overflow), making every
 * string well-formed in place. Stops as soon as the depth passes `maxDepth` or the node count
 * passes `maxNodes`.
 */
export function walkJson(value: unknown, maxDepth = Infinity, maxNodes = Infinity): JsonShape {
  const shape = { depth: 0, nodes: 0 };
  const stack: [object, number][] = value !== null && typeof value === 'object' ? [[value, 1]] : [];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (depth > shape.depth) shape.depth = depth;
    if (shape.depth > maxDepth) return shape;
    const record = node as Record<string, unknown>;
    for (const key in record) {
      if (!Object.prototype.hasOwnProperty.call(record, key)) continue;
      if (++shape.nodes > maxNodes) return shape;
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
  return shape;
}

/** walkJson's depth alone. */
export function normalizeJson(value: unknown, stopAt = Infinity): number {
  return walkJson(value, stopAt).depth;
}

/**
 * After the JSON parser, before validation: refuses over-deep or over-large bodies with a 400, and replaces
 * lone surrogates, which crash validators (isEmail throws URIError) and PostgreSQL would
 * store as U+FFFD anyway.
 */
export function hardenJsonBody(req: Request, _res: Response, next: NextFunction): void {
  if (typeof req.body === 'string') req.body = wellFormed(req.body);
  const shape = walkJson(req.body, MAX_JSON_DEPTH, MAX_JSON_NODES);
  if (shape.depth > MAX_JSON_DEPTH) {
    next(
      Object.assign(new Error(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`), {
        status: 400,
        type: 'entity.too.deep',
      }),
    );
    return;
  }
  if (shape.nodes > MAX_JSON_NODES) {
    next(
      Object.assign(new Error(`JSON body has more than ${MAX_JSON_NODES} keys and elements`), {
        status: 400,
        type: 'entity.too.many.keys',
      }),
    );
    return;
  }
  next();
}
