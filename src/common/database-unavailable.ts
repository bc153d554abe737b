/**
 * Errors that say the database cannot be reached right now, not that the request is wrong: the
 * server refuses or drops connections (stopped, restarting, failing over), or the pool cannot get
 * one in time. Callers get 503 with Retry-After for these, so they retry instead of giving up on a
 * 500; readiness turns 503 at the same time (/health/ready pings the database). A statement the
 * server cancelled at its statement_timeout is the database's trouble as well (overloaded, or
 * planning without statistics), not the request's: 503 with Retry-After too, under its own code.
 */
import { QueryFailedError } from 'typeorm';

/** Seconds a caller should wait before retrying while the database is unreachable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Socket errors of a connection to the server. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs of an unusable server: class 08 (connection exception), 57P01 admin shutdown,
 * 57P02 crash shutdown, 57P03 cannot connect now (starting up or shutting down).
 */
const UNAVAILABLE_SQLSTATE = /^(08[0-9A-Z]{3}|57P0[123])$/;

/** pg and pg-pool raise these without a code when a connection dies or none can be had in time. */
const CONNECTION_LOST =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

/**
 * Seconds a caller should wait after a statement timeout: longer than for an outage, since the
 * same statement sent again at once would most likely run into the same limit.
 */
export const STATEMENT_TIMEOUT_RETRY_AFTER_SECONDS = 30;

/**
 * SQLSTATE 57014 (query_canceled) as statement_timeout raises it; the same code from
 * pg_cancel_backend or a client's cancel request says "user request" and is not matched.
 */
export function isStatementTimeout(exception: unknown): boolean {
  const candidates: unknown[] = [exception];
  if (exception instanceof QueryFailedError) candidates.push(exception.driverError);
  return candidates.some((candidate) => {
    const error = candidate as { code?: unknown; message?: unknown } | null;
    return (
      typeof error === 'object' &&
      error !== null &&
      error.code === '57014' &&
      typeof error.message === 'string' &&
      /statement timeout/.test(error.message)
    );
  });
}

export function isDatabaseUnavailable(exception: unknown): boolean {
  const candidates: unknown[] = [exception];
  if (exception instanceof QueryFailedError) candidates.push(exception.driverError);
  return candidates.some((candidate) => {
    const error = candidate as { code?: unknown; message?: unknown } | null;
    if (typeof error !== 'object' || error === null) return false;
    const code = typeof error.code === 'string' ? error.code : '';
    return (
      NETWORK_CODES.has(code) ||
      UNAVAILABLE_SQLSTATE.test(code) ||
      (typeof error.message === 'string' && CONNECTION_LOST.test(error.message))
    );
  });
}
