/**
 * The service's root logger and its one line per answered request. The line is written from
 * Fastify's onResponse hook (app.factory.ts) instead of pino-http's middleware, which built a
 * child logger with its serialisers for every request whatever the level: at LOG_LEVEL=warn
 * that was a measurable share of the service's CPU per request for nothing written
 * (bench/README.md, "api"). 5xx answers are logged at error, the rest at info; the probes and
 * the Prometheus scrape are not logged. The line carries no headers, so there is nothing to redact.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hostname } from 'node:os';
import pino, { Logger } from 'pino';

export const ROOT_LOGGER = Symbol('root logger');

export function rootLogger(level: string): Logger {
  return pino({ level, base: { pid: process.pid, hostname: hostname(), service: 'model-performance' } });
}

const UNLOGGED_URLS = new Set(['/health/live', '/metrics']);

export function logRequest(logger: Logger, request: FastifyRequest, reply: FastifyReply): void {
  const level = reply.statusCode >= 500 ? 'error' : 'info';
  if (!logger.isLevelEnabled(level) || UNLOGGED_URLS.has(request.url)) return;
  logger[level](
    {
      req: { id: request.id, method: request.method, url: request.url },
      res: { statusCode: reply.statusCode },
      responseTime: Math.round(reply.elapsedTime),
    },
    'request completed',
  );
}
