import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Request ids: reuse the caller's X-Request-Id when it is sane, else a new UUID. */
export function requestId(request: IncomingMessage): string {
  const header = request.headers['x-request-id'];
  return typeof header === 'string' && /^[\w.:-]{1,128}$/.test(header) ? header : randomUUID();
}
