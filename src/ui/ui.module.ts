/**
 * The model performance web page: the static files that `vite build` writes to dist/ui, served at
 * /ui/model-performance/ (plus GET / redirecting there). Registered on Fastify directly, outside the
 * API prefix. No inline scripts: the page works under the Content-Security-Policy set here.
 */
import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import { Logger, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { PROBLEM_CONTENT_TYPE, problem } from '../common/problem-details.filter';
import { ErrorCode } from '../common/error-codes';

export const UI_PATH = '/ui/model-performance';

export const UI_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // uPlot positions its legend and cursor through element.style.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** dist/ui when running the build (dist/src/ui), and the same folder when running from src/ui. */
export function uiRoot(): string | null {
  const candidates = [join(__dirname, '..', '..', 'ui'), join(__dirname, '..', '..', 'dist', 'ui')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? null;
}

@Module({})
export class UiModule implements OnModuleInit {
  private readonly logger = new Logger('UiModule');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  async onModuleInit(): Promise<void> {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.get('/', (_request, reply) => reply.redirect(`${UI_PATH}/`, 302));
    fastify.get(UI_PATH, (_request, reply) => reply.redirect(`${UI_PATH}/`, 301));
    const root = uiRoot();
    if (!root) {
      this.logger.warn(`the web page is not built (no dist/ui/index.html): ${UI_PATH} answers 503`);
      fastify.get(`${UI_PATH}*`, (request, reply) =>
        reply
          .status(503)
          .header('content-type', PROBLEM_CONTENT_TYPE)
          .send({
            ...problem(503, ErrorCode.UI_NOT_BUILT, 'the web page is not built: run npm run build'),
            instance: request.url,
          }),
      );
      return;
    }
    await fastify.register(fastifyStatic, {
      root,
      prefix: `${UI_PATH}/`,
      index: ['index.html'],
      cacheControl: false,
      setHeaders: (response, path) => {
        response.setHeader('content-security-policy', UI_CSP);
        response.setHeader('x-content-type-options', 'nosniff');
        // Hashed asset names never change content; index.html must be revalidated.
        response.setHeader(
          'cache-control',
          path.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }
}
