import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable, isStatementTimeout } from './database-unavailable';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it('recognises a refused or dropped connection, raw or wrapped by TypeORM', () => {
    expect(isDatabaseUnavailable(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    const shutdown = withCode('terminating connection due to administrator command', '57P01');
    expect(isDatabaseUnavailable(new QueryFailedError('SELECT 1', [], shutdown))).toBe(true);
    expect(isDatabaseUnavailable(withCode('the database system is starting up', '57P03'))).toBe(true);
    expect(isDatabaseUnavailable(withCode('connection failure', '08006'))).toBe(true);
  });

  it('leaves errors of the request or of the code alone', () => {
    const duplicate = withCode('duplicate key value violates unique constraint', '23505');
    expect(isDatabaseUnavailable(new QueryFailedError('INSERT', [], duplicate))).toBe(false);
    expect(isDatabaseUnavailable(withCode('canceling statement due to statement timeout', '57014'))).toBe(
      false,
    );
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});

describe('isStatementTimeout', () => {
  it('recognises a statement cancelled by statement_timeout, raw or wrapped by TypeORM', () => {
    const timeout = withCode('canceling statement due to statement timeout', '57014');
    expect(isStatementTimeout(timeout)).toBe(true);
    expect(isStatementTimeout(new QueryFailedError('SELECT', [], timeout))).toBe(true);
  });

  it('leaves a cancel on request and other errors alone', () => {
    expect(isStatementTimeout(withCode('canceling statement due to user request', '57014'))).toBe(false);
    expect(isStatementTimeout(withCode('canceling statement due to lock timeout', '55P03'))).toBe(false);
    expect(isStatementTimeout(withCode('connection failure', '08006'))).toBe(false);
    expect(isStatementTimeout(undefined)).toBe(false);
  });
});
