/**
 * Builds the configured Nest application on Fastify. main.ts and the e2e tests both use it, so
 * tests exercise the same prefix, parsers, error handling and Swagger document as production.
 */
import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule, AppModuleOptions } from './app.module';
import { httpRequestDuration } from './observability/prometheus';
import { logRequest, ROOT_LOGGER } from './observability/request-log';
import type { Logger as PinoRootLogger } from 'pino';
import { requestId } from './common/request-id';
import { PROBLEM_CONTENT_TYPE, problem, sendProblem, toProblem } from './common/problem-details.filter';
import { API_PREFIX } from './common/api-prefix';
import { parseJsonBody } from './common/json-body';
import { securityHeaders } from './common/security-headers';
import { AuditService } from './security/audit.service';
import { ErrorCode } from './common/error-codes';

export { API_PREFIX } from './common/api-prefix';
/** JSON bodies above this are refused with 413 (CSV ingest streams and has its own cap). */
export const JSON_BODY_LIMIT_BYTES = 10 * 1024 * 1024;

/**
 * Fastify's error handler is the one createApp sets. Nest sets its own at init, after registering
 * the routes (whose contexts keep the handler of the moment they were added, so it reaches none of
 * them), and Fastify warns about the override (FSTWRN004): that call is left out.
 */
class ProblemDetailsFastifyAdapter extends FastifyAdapter {
  override setErrorHandler(): ReturnType<FastifyAdapter['setErrorHandler']> {
    return this.getInstance();
  }
}

export async function createApp(options: AppModuleOptions): Promise<NestFastifyApplication> {
  const adapter = new ProblemDetailsFastifyAdapter({
    bodyLimit: JSON_BODY_LIMIT_BYTES,
    trustProxy: true,
    requestTimeout: 120_000,
    // Close open connections on shutdown, or a browser's Server-Sent Events stream would hold it up.
    forceCloseConnections: true,
    genReqId: requestId,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(options), adapter, {
    bufferLogs: true,
    // A failed start (a migration that cannot apply) ends in the caller's catch with one line, not abort().
    abortOnError: false,
    // The API takes JSON (parsed below) and CSV; Nest's parsers would add form bodies and name no field.
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  const logger = app.get<symbol, PinoRootLogger>(ROOT_LOGGER);
  const fastify = app.getHttpAdapter().getInstance();

  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, parseJsonBody);
  // CSV uploads reach the controller as a stream, so COPY can consume them without buffering.
  fastify.addContentTypeParser(['text/csv', 'application/csv'], (_request, payload, done) =>
    done(null, payload),
  );

  if (options.app.role === 'worker') {
    // A worker takes training jobs; over HTTP it only answers its probes and its metrics.
    fastify.addHook('onRequest', (request, reply, done) => {
      if (/^\/(health\/|metrics$)/.test(request.url.split('?')[0])) return done();
      void reply
        .status(404)
        .header('content-type', PROBLEM_CONTENT_TYPE)
        .send({
          ...problem(
            404,
            ErrorCode.ROUTE_WORKER_ONLY,
            'this process runs with APP_ROLE=worker: it serves /health/* and /metrics only',
          ),
          instance: request.url,
        });
    });
  }
  // Errors raised by Fastify before a Nest handler runs (a body over the limit, bad JSON) are
  // problem+json too. Set before init, so every route Nest registers then keeps it.
  fastify.setErrorHandler((error, request, reply) => {
    const body = { ...toProblem(error), instance: request.url, request_id: String(request.id) };
    if (body.status >= 500) logger.error({ err: error, request_id: body.request_id }, 'request failed');
    sendProblem(reply, body);
  });
  // Security headers (helmet's, computed once) and the request id on every response.
  const headers = securityHeaders();
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.headers(headers).header('x-request-id', request.id);
    done();
  });
  const audit = app.get(AuditService);
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    httpRequestDuration
      .labels(request.method, route, String(reply.statusCode))
      .observe(reply.elapsedTime / 1000);
    // After the response, so every status is recorded, including 401/403/429 from the guards.
    audit.recordRequest(request, reply.statusCode);
    logRequest(logger, request, reply);
    done();
  });

  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/{*path}', method: RequestMethod.ALL },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
  if (options.app.corsOrigins)
    app.enableCors({ origin: options.app.corsOrigins.split(',').map((o) => o.trim()) });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Model performance service')
      .setDescription(
        'Trains, evaluates, drift-tests and A/B-tests the energy models of an ISO 50001 Energy Management System. ' +
          'Errors are application/problem+json (RFC 9457) and name the offending fields.',
      )
      .setVersion('1.0')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
