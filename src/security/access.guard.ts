/**
 * The one access guard (APP_GUARD): the rule table in access-rules.ts says which role a method and
 * path need; this guard establishes the caller and compares. 401 without valid credentials, 403
 * with too weak a role, both problem+json through the global filter.
 */
import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { API_PREFIX } from '../common/api-prefix';
import { DomainError } from '../common/domain-error';
import { securityConfig } from '../config/security.config';
import { requiredRole } from './access-rules';
import { roleAllows } from './api-key';
import { Authenticator, UnauthorizedError } from './authenticator.service';
import { OPEN_PRINCIPAL, setPrincipal } from './principal';
import { ErrorCode } from '../common/error-codes';

@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly authenticator: Authenticator,
    @Inject(securityConfig.KEY) private readonly config: ConfigType<typeof securityConfig>,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!this.authenticator.enforced) {
      setPrincipal(request, OPEN_PRINCIPAL);
      return true;
    }
    const requirement = requiredRole(request.method, request.url, {
      apiPrefix: API_PREFIX,
      metricsOpen: this.config.metricsOpen,
    });
    if (requirement === 'open') return true;
    try {
      const principal = await this.authenticator.authenticate(request.headers);
      setPrincipal(request, principal);
      if (!roleAllows(principal.role, requirement))
        throw new DomainError(
          ErrorCode.AUTH_ROLE_TOO_WEAK,
          403,
          `${request.method} ${request.url.split('?')[0]} needs the ${requirement} role; ${principal.actor} has ${principal.role}`,
        );
      return true;
    } catch (error) {
      if (error instanceof UnauthorizedError)
        void context.switchToHttp().getResponse<FastifyReply>().header('www-authenticate', 'Bearer');
      throw error;
    }
  }
}
