/**
 * The authenticated caller of a handler, as the access guard established it: its name (API key
 * name, JWT subject, or "anonymous" when the service runs open) is what every change records in
 * triggered_by, created_by, decided_by, resolved_by and the audit row. A name a client sends in a
 * body is a claim, not an identity: it is kept only beside the caller's, as "<caller> (as <claim>)".
 */
import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { OPEN_PRINCIPAL, principalOf } from './principal';

export const Caller = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string =>
    (principalOf(context.switchToHttp().getRequest<FastifyRequest>()) ?? OPEN_PRINCIPAL).actor,
);

/** The caller, with a different name the client claimed beside it. */
export function recordedName(caller: string, claimed?: string | null): string {
  return claimed && claimed !== caller ? `${caller} (as ${claimed})` : caller;
}
