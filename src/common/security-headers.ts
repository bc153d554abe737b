/**
 * The security headers of every response, as helmet sets them (Content-Security-Policy off here: the
 * web page sets its own strict policy and Swagger UI needs inline code), computed once at start-up.
 * helmet's values do not depend on the request, and running its middlewares (and @fastify/helmet's
 * two hooks) on every request cost the API CPU on each one (bench/README.md, "api").
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

export function securityHeaders(): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let finished = false;
  helmet({ contentSecurityPolicy: false })(
    {} as IncomingMessage,
    recorder as unknown as ServerResponse,
    (error?: unknown) => {
      if (error instanceof Error) throw error;
      finished = error === undefined;
    },
  );
  // helmet's middlewares are synchronous; were one ever not, these headers would be incomplete.
  if (!finished) throw new Error('helmet did not finish synchronously: its headers cannot be computed once');
  return Object.freeze(headers);
}
