/**
 * One SQL statement with its own `$1…$n` parameters, to be run as a part of a larger one (a
 * data-modifying CTE), so several writes of one change cost one round trip.
 */
export interface SqlPart {
  sql: string;
  params: unknown[];
}

/** A query builder's statement as a part (TypeORM's column mapping and value conversions kept). */
export function sqlPartOf(qb: { getQueryAndParameters(): [string, unknown[]] }): SqlPart {
  const [sql, params] = qb.getQueryAndParameters();
  return { sql, params };
}

/**
 * `parts` as CTEs `w0 AS (…), w1 AS (…)` after `offset` parameters of the statement they join:
 * each part's placeholders are renumbered past the ones before it. Parts carry values only as
 * parameters (never a `$` in a literal), as TypeORM's builders and this project's SQL do.
 */
export function withParts(parts: SqlPart[], offset: number): { ctes: string[]; params: unknown[] } {
  const ctes: string[] = [];
  const params: unknown[] = [];
  for (const [i, part] of parts.entries()) {
    const base = offset + params.length;
    ctes.push(`w${i} AS (${part.sql.replace(/\$(\d+)/g, (_, n: string) => `$${base + Number(n)}`)})`);
    params.push(...part.params);
  }
  return { ctes, params };
}
