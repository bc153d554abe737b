/**
 * Turns credentials into a principal: JWTs (when JWT_SECRET is set and the bearer token has three
 * parts), keys from API_KEYS (hashed in memory), then keys in the api_keys table.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { DomainError } from '../common/domain-error';
import { securityConfig } from '../config/security.config';
import { ConfiguredKey, credentialFrom, hashApiKey, parseApiKeys } from './api-key';
import { ApiKeysRepository } from './api-keys.repository';
import { JwtError, looksLikeJwt, roleFromClaims, verifyHs256 } from './jwt';
import { Principal } from './principal';

export class UnauthorizedError extends DomainError {
  constructor(code: string, message: string) {
    super(code, 401, message);
  }
}

@Injectable()
export class Authenticator {
  private readonly logger = new Logger('Authenticator');
  private readonly environmentKeys: Map<string, ConfiguredKey>;

  constructor(
    @Inject(securityConfig.KEY) private readonly config: ConfigType<typeof securityConfig>,
    private readonly keys: ApiKeysRepository,
  ) {
    this.environmentKeys = new Map(parseApiKeys(config.apiKeys).map((key) => [key.key_hash, key]));
  }

  /** False: no API_KEYS and no JWT_SECRET, so the service is open (loopback only). */
  get enforced(): boolean {
    return this.environmentKeys.size > 0 || this.config.jwtSecret !== undefined;
  }

  async authenticate(headers: Record<string, string | string[] | undefined>): Promise<Principal> {
    const credential = credentialFrom(headers);
    if (!credential)
      throw new UnauthorizedError(
        'AUTH.CREDENTIALS_MISSING',
        'send an API key as Authorization: Bearer <key> or X-API-Key',
      );
    if (this.config.jwtSecret && looksLikeJwt(credential))
      return this.fromJwt(credential, this.config.jwtSecret);
    const keyHash = hashApiKey(credential);
    const configured = this.environmentKeys.get(keyHash);
    if (configured) return { actor: configured.name, role: configured.role, source: 'environment' };
    const stored = await this.keys.findActiveByHash(keyHash);
    if (!stored) throw new UnauthorizedError('AUTH.KEY_INVALID', 'the API key is unknown or revoked');
    this.keys
      .touch(stored.id)
      .catch((error: unknown) =>
        this.logger.error({ err: error, key_id: stored.id }, 'could not record the last use of an API key'),
      );
    return { actor: stored.name, role: stored.role, source: 'database' };
  }

  private fromJwt(token: string, secret: string): Principal {
    let claims: Record<string, unknown>;
    try {
      claims = verifyHs256(token, secret);
    } catch (error) {
      if (error instanceof JwtError) throw new UnauthorizedError('AUTH.TOKEN_INVALID', error.message);
      throw error;
    }
    const role = roleFromClaims(claims, this.config.jwtRoleClaim);
    if (!role)
      throw new DomainError(
        'AUTH.TOKEN_WITHOUT_ROLE',
        403,
        `the token's ${this.config.jwtRoleClaim} claim names no role (viewer, operator, admin)`,
      );
    const subject = typeof claims.sub === 'string' && claims.sub !== '' ? claims.sub : 'jwt';
    return { actor: `jwt:${subject}`, role, source: 'jwt' };
  }
}
