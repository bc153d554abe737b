import type { FastifyReply, FastifyRequest } from 'fastify';
import pino from 'pino';
import { logRequest } from './request-log';

/** A logger at `level` that keeps the JSON lines it writes. */
function capturing(level: string) {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level, base: null }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

const request = (url: string) => ({ id: 'req-1', method: 'GET', url }) as FastifyRequest;
const reply = (statusCode: number) => ({ statusCode, elapsedTime: 12.4 }) as FastifyReply;

describe('logRequest', () => {
  it('writes one info line with the request id, method, URL, status and time, and no headers', () => {
    const { logger, lines } = capturing('info');
    logRequest(logger, request('/api/v1/model-performance/alerts/active'), reply(200));
    expect(lines).toEqual([
      expect.objectContaining({
        level: 30,
        req: { id: 'req-1', method: 'GET', url: '/api/v1/model-performance/alerts/active' },
        res: { statusCode: 200 },
        responseTime: 12,
        msg: 'request completed',
      }),
    ]);
  });

  it('logs a 5xx answer at error, so that LOG_LEVEL=warn still shows it, and nothing else at warn', () => {
    const { logger, lines } = capturing('warn');
    logRequest(logger, request('/api/v1/model-performance/metrics/record'), reply(503));
    logRequest(logger, request('/api/v1/model-performance/metrics/record'), reply(400));
    expect(lines.map((line) => [line.level, (line.res as { statusCode: number }).statusCode])).toEqual([
      [50, 503],
    ]);
  });

  it('leaves the liveness probe and the Prometheus scrape out', () => {
    const { logger, lines } = capturing('info');
    logRequest(logger, request('/health/live'), reply(200));
    logRequest(logger, request('/metrics'), reply(200));
    logRequest(logger, request('/health/ready'), reply(200));
    expect(lines.map((line) => (line.req as { url: string }).url)).toEqual(['/health/ready']);
  });
});
