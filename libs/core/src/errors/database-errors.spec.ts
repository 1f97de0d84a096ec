import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { databaseRefusedValue, databaseUnavailable } from './database-errors';

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('databaseUnavailable', () => {
  it('knows a refused or lost connection and PostgreSQL shutting down or starting up', () => {
    expect(databaseUnavailable(pgError('ECONNREFUSED'))).toBe(true);
    expect(databaseUnavailable(new QueryFailedError('SELECT 1', [], pgError('57P03')))).toBe(true);
    expect(databaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
  });

  // Seen while PostgreSQL restarted under four writers: TypeORM released the transaction's runner
  // when its connection died, and the next statement or the COMMIT answered 500.
  it('knows a transaction whose connection TypeORM released after it died', () => {
    expect(databaseUnavailable(new QueryRunnerAlreadyReleasedError())).toBe(true);
    expect(databaseUnavailable(new QueryRunnerProviderAlreadyReleasedError())).toBe(true);
  });

  it('leaves every other failure a bug', () => {
    expect(databaseUnavailable(new QueryFailedError('SELECT 1', [], pgError('42P01')))).toBe(false);
    expect(databaseUnavailable(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(databaseUnavailable(null)).toBe(false);
  });
});

describe('databaseRefusedValue', () => {
  it('is SQLSTATE class 22 only', () => {
    expect(databaseRefusedValue(new QueryFailedError('SELECT 1', [], pgError('22P05')))).toBe(true);
    expect(databaseRefusedValue(pgError('23505'))).toBe(false);
  });
});
