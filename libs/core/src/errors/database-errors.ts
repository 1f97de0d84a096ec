import { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';

// Connection-level failures from pg and PostgreSQL's "shutting down / starting up" states.
const DATABASE_UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);

/**
 * The database is down or restarting: the service is unavailable for a moment, not broken.
 *
 * TypeORM releases a query runner whose connection emitted 'error' (the server went away in
 * the middle of a transaction), so the transaction's next statement or its COMMIT fails with
 * "already released" instead of the connection error: nothing was committed, and the client
 * should retry like after any other lost connection.
 */
export function databaseUnavailable(exception: unknown): boolean {
  if (
    exception instanceof QueryRunnerAlreadyReleasedError ||
    exception instanceof QueryRunnerProviderAlreadyReleasedError
  )
    return true;
  const e = exception as { code?: string; driverError?: { code?: string }; message?: string } | null;
  return (
    DATABASE_UNAVAILABLE.has(e?.code ?? '') ||
    DATABASE_UNAVAILABLE.has(e?.driverError?.code ?? '') ||
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(
      e?.message ?? '',
    )
  );
}

/** PostgreSQL refused a value (SQLSTATE class 22: NUL in text, out-of-range number…): bad input that validation let through. */
export function databaseRefusedValue(exception: unknown): boolean {
  const e = exception as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = String(e?.driverError?.code ?? e?.code ?? '');
  return /^22[0-9A-Z]{3}$/.test(code);
}
