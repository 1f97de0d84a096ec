// bigint columns (seq) come back from pg as strings; seq stays far below 2^53.
export const bigintAsNumber = { to: (v: number) => v, from: (v: string | number) => Number(v) };

/** A unique constraint refused the write (PostgreSQL 23505), as TypeORM wraps it. */
export const isUniqueViolation = (e: unknown): boolean =>
  (e as { driverError?: { code?: string } })?.driverError?.code === '23505';
