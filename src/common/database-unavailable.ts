/**
 * Errors that say the database cannot be reached right now, not that the request is wrong: the
 * server refuses or drops connections (stopped, restarting, failing over), or the pool cannot get
 * one in time. Callers get 503 with Retry-After for these, so they retry instead of giving up on a
 * 500; readiness turns 503 at the same time (/health/ready pings the database).
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
