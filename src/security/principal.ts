/** Who is calling, as the access guard established it; the audit hook and the rate limits read it. */
import type { FastifyRequest } from 'fastify';
import type { Role } from './api-key';

export interface Principal {
  /** Key name, JWT subject, or 'anonymous' when the service runs open. */
  actor: string;
  role: Role;
  source: 'environment' | 'database' | 'jwt' | 'open';
}

const principals = new WeakMap<object, Principal>();

export function setPrincipal(request: FastifyRequest, principal: Principal): void {
  principals.set(request.raw, principal);
}

export function principalOf(request: FastifyRequest): Principal | undefined {
  return principals.get(request.raw);
}

export const OPEN_PRINCIPAL: Principal = { actor: 'anonymous', role: 'admin', source: 'open' };
