/**
 * The one exception filter: every error leaves as application/problem+json (RFC 9457) with
 * type, title, status, detail, instance, a stable code and, for bad input, the offending fields.
 * Database errors that bad input can cause (invalid syntax, out of range, constraint violations)
 * map to 4xx; an unreachable database is a 503 with Retry-After; anything unexpected is a 500
 * whose details stay in the log, not in the response.
 */
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { QueryFailedError } from 'typeorm';
import {
  DATABASE_RETRY_AFTER_SECONDS,
  isDatabaseUnavailable,
  isStatementTimeout,
  STATEMENT_TIMEOUT_RETRY_AFTER_SECONDS,
} from './database-unavailable';
import { DomainError, FieldProblem } from './domain-error';
import { ErrorCode } from './error-codes';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code: string;
  errors?: FieldProblem[];
  request_id?: string;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';
export const DATABASE_UNAVAILABLE = ErrorCode.DATABASE_UNAVAILABLE;
export const DATABASE_TIMEOUT = ErrorCode.DATABASE_TIMEOUT;

export function problem(
  status: number,
  code: string,
  detail: string,
  errors?: FieldProblem[],
): ProblemDetails {
  return {
    type: `https://enms.example/problems/${code.toLowerCase().replace(/[._]/g, '-')}`,
    title: TITLES[status] ?? HttpStatus[status] ?? 'Error',
    status,
    detail,
    code,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

/** PostgreSQL SQLSTATEs that bad input (not a bug) can produce, with the status they deserve. */
const SQLSTATE_STATUS: Record<string, { status: number; code: string }> = {
  '22P02': { status: 400, code: ErrorCode.REQUEST_INVALID_VALUE }, // invalid text representation
  '22003': { status: 400, code: ErrorCode.REQUEST_OUT_OF_RANGE }, // numeric value out of range
  '22007': { status: 400, code: ErrorCode.REQUEST_INVALID_DATETIME },
  '22008': { status: 400, code: ErrorCode.REQUEST_DATETIME_OUT_OF_RANGE },
  '23505': { status: 409, code: ErrorCode.CONFLICT_DUPLICATE }, // unique violation
  '23503': { status: 409, code: ErrorCode.CONFLICT_REFERENCED }, // foreign key violation
  '23514': { status: 400, code: ErrorCode.REQUEST_CONSTRAINT_VIOLATED }, // check violation
  '23502': { status: 400, code: ErrorCode.REQUEST_MISSING_VALUE }, // not null violation
};

export function toProblem(exception: unknown): ProblemDetails {
  if (exception instanceof DomainError) {
    return problem(exception.status, exception.code, exception.message, exception.fields);
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const body = exception.getResponse();
    if (typeof body === 'object' && body !== null && 'problem' in body) {
      return (body as { problem: ProblemDetails }).problem;
    }
    const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
    const detail = Array.isArray(message)
      ? message.join('; ')
      : typeof message === 'string'
        ? message
        : exception.message;
    return problem(status, `HTTP.${status}`, detail);
  }
  if (isDatabaseUnavailable(exception)) {
    return problem(503, DATABASE_UNAVAILABLE, 'the database cannot be reached; retry shortly');
  }
  if (isStatementTimeout(exception)) {
    return problem(
      503,
      DATABASE_TIMEOUT,
      'the database did not answer within its statement timeout (DB_STATEMENT_TIMEOUT_MS); retry later',
    );
  }
  const databaseError = postgresError(exception);
  if (databaseError) {
    const mapped = SQLSTATE_STATUS[databaseError.code];
    if (mapped)
      return problem(
        mapped.status,
        mapped.code,
        databaseError.detail ?? databaseError.message.split('\n')[0],
      );
  }
  const status = (exception as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // Fastify's own client errors: body too large, bad JSON, unsupported content type.
    const code = (exception as { code?: string }).code ?? `HTTP.${status}`;
    return problem(status, code, (exception as Error).message);
  }
  return problem(
    500,
    ErrorCode.INTERNAL,
    'An unexpected error occurred; it has been logged with the request id.',
  );
}

/** Sends a problem; an unreachable database also says when to retry. */
export function sendProblem(reply: FastifyReply, body: ProblemDetails): void {
  if (body.code === DATABASE_UNAVAILABLE)
    void reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
  if (body.code === DATABASE_TIMEOUT)
    void reply.header('retry-after', String(STATEMENT_TIMEOUT_RETRY_AFTER_SECONDS));
  void reply.status(body.status).header('content-type', PROBLEM_CONTENT_TYPE).send(body);
}

/** The PostgreSQL error behind a TypeORM QueryFailedError or raised by the pg driver directly. */
function postgresError(exception: unknown): { code: string; message: string; detail?: string } | undefined {
  const candidate: unknown =
    exception instanceof QueryFailedError ? (exception.driverError as unknown) : exception;
  const error = candidate as { code?: unknown; severity?: unknown; message?: unknown; detail?: string };
  if (
    typeof error?.code === 'string' &&
    /^[0-9A-Z]{5}$/.test(error.code) &&
    typeof error.severity === 'string'
  ) {
    return { code: error.code, message: String(error.message), detail: error.detail };
  }
  return undefined;
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const body = toProblem(exception);
    body.instance = request.url;
    body.request_id = String(request.id);
    if (body.code === DATABASE_UNAVAILABLE) {
      this.logger.warn({ err: exception, request_id: request.id }, 'request refused: database unreachable');
    } else if (body.code === DATABASE_TIMEOUT) {
      this.logger.warn({ err: exception, request_id: request.id }, 'request refused: statement timeout');
    } else if (body.status >= 500) {
      this.logger.error({ err: exception, request_id: request.id }, 'request failed');
    }
    sendProblem(reply, body);
  }
}
