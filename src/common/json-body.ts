/**
 * The JSON body parser (Nest's own is switched off in app.factory.ts). Like Fastify's it refuses
 * prototype-pollution keys, but its 400 names the place instead of calling a valid document "not
 * valid JSON", and it applies the same input checks as the validation pipe. An empty body is no body.
 */
import type { FastifyRequest } from 'fastify';
import { BadInputError } from './domain-error';
import { assertSafeInput } from './validation';
import { ErrorCode } from './error-codes';

export function parseJsonBody(
  _request: FastifyRequest,
  body: string,
  done: (error: Error | null, value?: unknown) => void,
): void {
  // An empty body sent with Content-Type: application/json (what fetch() and the predecessor's callers
  // send for a POST without data) is no body, as FastAPI read it.
  if (body.trim().length === 0) {
    done(null, undefined);
    return;
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    done(
      new BadInputError(
        ErrorCode.REQUEST_INVALID_JSON,
        `the body is not valid JSON: ${(error as Error).message}`,
        [{ field: 'body', message: 'must be a JSON document' }],
      ),
    );
    return;
  }
  try {
    done(null, assertSafeInput(value, typeof value === 'object' && value !== null ? '' : 'body'));
  } catch (error) {
    done(error as Error);
  }
}
