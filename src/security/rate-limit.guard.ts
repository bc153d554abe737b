/**
 * Per-key rate limits on changes (@nestjs/throttler): `writes` counts every non-read request of
 * a key, `triggers` counts POST /retrain/trigger on top. Reads are not limited. Runs after the
 * access guard, so it counts only authenticated callers. A service without keys (open mode) only
 * listens on loopback, where the callers are the operator's own tools: it is not limited.
 */
import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail, ThrottlerModuleOptions } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { API_PREFIX } from '../common/api-prefix';
import { DomainError } from '../common/domain-error';
import { SecurityConfig } from '../config/security.config';
import { rulePath } from './access-rules';
import { principalOf } from './principal';
import { ErrorCode } from '../common/error-codes';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const MINUTE_MS = 60_000;

function requestOf(context: ExecutionContext): FastifyRequest {
  return context.switchToHttp().getRequest<FastifyRequest>();
}

export function isWrite(context: ExecutionContext): boolean {
  return context.getType() === 'http' && !READ_METHODS.has(requestOf(context).method);
}

function isOpenCaller(context: ExecutionContext): boolean {
  const principal = principalOf(requestOf(context));
  return !principal || principal.source === 'open';
}

export function isTrigger(context: ExecutionContext): boolean {
  const request = requestOf(context);
  return isWrite(context) && rulePath(request.url, API_PREFIX) === '/retrain/trigger';
}

/** The throttlers; a limit of 0 switches that limit off. */
export function rateLimitOptions(config: SecurityConfig): ThrottlerModuleOptions {
  const writes = config.rateLimitWritesPerMinute;
  const triggers = config.rateLimitTriggersPerMinute;
  return {
    setHeaders: false,
    throttlers: [
      {
        name: 'writes',
        ttl: MINUTE_MS,
        limit: writes || 1,
        skipIf: (c) => writes === 0 || !isWrite(c) || isOpenCaller(c),
      },
      {
        name: 'triggers',
        ttl: MINUTE_MS,
        limit: triggers || 1,
        skipIf: (c) => triggers === 0 || !isTrigger(c) || isOpenCaller(c),
      },
    ],
  };
}

@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  /** The key name (or JWT subject) when authenticated, else the client IP. */
  protected override getTracker(request: Record<string, unknown>): Promise<string> {
    const fastifyRequest = request as unknown as FastifyRequest;
    const principal = principalOf(fastifyRequest);
    const tracker =
      principal && principal.source !== 'open' ? `actor:${principal.actor}` : `ip:${fastifyRequest.ip}`;
    return Promise.resolve(tracker);
  }

  /** One counter per caller and throttler across all routes (the default counts per handler). */
  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${throttlerName}:${tracker}`;
  }

  protected override throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const retryAfter = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    void context.switchToHttp().getResponse<FastifyReply>().header('retry-after', String(retryAfter));
    const which = detail.key.split(':')[0];
    throw new DomainError(
      ErrorCode.RATE_LIMIT_EXCEEDED,
      429,
      `more than ${detail.limit} ${which} per minute; retry after ${retryAfter} s`,
    );
  }
}
