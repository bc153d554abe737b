/**
 * Turns credentials into a principal: JWTs (when JWT_SECRET or JWT_JWKS_URL is set and the bearer
 * token has three parts), keys from API_KEYS (hashed in memory), then keys in the mps_api_keys table.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { DomainError } from '../common/domain-error';
import { accessControlConfigured, securityConfig } from '../config/security.config';
import { createRemoteJWKSet, decodeProtectedHeader, errors as joseErrors, jwtVerify } from 'jose';
import { ConfiguredKey, credentialFrom, hashApiKey, parseApiKeys } from './api-key';
import { ApiKeysRepository } from './api-keys.repository';
import { JwtError, looksLikeJwt, roleFromClaims, verifyHs256 } from './jwt';
import { Principal } from './principal';
import { ErrorCode } from '../common/error-codes';

const JWKS_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'];
const JWKS_TIMEOUT_MS = 5000;
const CLOCK_SKEW_SECONDS = 30;

/** The `alg` of a token's header; undefined when the header cannot be read. */
function headerAlgorithm(token: string): string | undefined {
  try {
    return decodeProtectedHeader(token).alg;
  } catch {
    return undefined; // jwtVerify names what is wrong with it
  }
}

export class UnauthorizedError extends DomainError {
  constructor(code: ErrorCode, message: string) {
    super(code, 401, message);
  }
}

@Injectable()
export class Authenticator {
  private readonly logger = new Logger('Authenticator');
  private readonly environmentKeys: Map<string, ConfiguredKey>;
  private readonly jwks?: ReturnType<typeof createRemoteJWKSet>;

  constructor(
    @Inject(securityConfig.KEY) private readonly config: ConfigType<typeof securityConfig>,
    private readonly keys: ApiKeysRepository,
  ) {
    this.environmentKeys = new Map(parseApiKeys(config.apiKeys).map((key) => [key.key_hash, key]));
    if (config.jwtJwksUrl) {
      this.jwks = createRemoteJWKSet(new URL(config.jwtJwksUrl), { timeoutDuration: JWKS_TIMEOUT_MS });
    }
  }

  /** False: no API_KEYS, JWT_SECRET or JWT_JWKS_URL, so the service is open (loopback only). */
  get enforced(): boolean {
    return accessControlConfigured(this.config, this.environmentKeys.size);
  }

  async authenticate(headers: Record<string, string | string[] | undefined>): Promise<Principal> {
    const credential = credentialFrom(headers);
    if (!credential)
      throw new UnauthorizedError(
        ErrorCode.AUTH_CREDENTIALS_MISSING,
        'send an API key as Authorization: Bearer <key> or X-API-Key',
      );
    if ((this.config.jwtSecret || this.jwks) && looksLikeJwt(credential)) return this.fromJwt(credential);
    const keyHash = hashApiKey(credential);
    const configured = this.environmentKeys.get(keyHash);
    if (configured) return { actor: configured.name, role: configured.role, source: 'environment' };
    const stored = await this.keys.findActiveByHash(keyHash);
    if (!stored) throw new UnauthorizedError(ErrorCode.AUTH_KEY_INVALID, 'the API key is unknown or revoked');
    this.keys
      .touch(stored.id)
      .catch((error: unknown) =>
        this.logger.error({ err: error, key_id: stored.id }, 'could not record the last use of an API key'),
      );
    return { actor: stored.name, role: stored.role, source: 'database' };
  }

  private async fromJwt(token: string): Promise<Principal> {
    const claims = await this.verifiedClaims(token);
    const role = roleFromClaims(claims, this.config.jwtRoleClaim);
    if (!role)
      throw new DomainError(
        ErrorCode.AUTH_TOKEN_WITHOUT_ROLE,
        403,
        `the token's ${this.config.jwtRoleClaim} claim names no role (viewer, operator, admin)`,
      );
    const subject = typeof claims.sub === 'string' && claims.sub !== '' ? claims.sub : 'jwt';
    return { actor: `jwt:${subject}`, role, source: 'jwt' };
  }

  /** HS256 with JWT_SECRET; an asymmetric algorithm with a key of the JWKS. */
  private async verifiedClaims(token: string): Promise<Record<string, unknown>> {
    try {
      if (this.config.jwtSecret && (!this.jwks || headerAlgorithm(token) === 'HS256')) {
        return verifyHs256(token, this.config.jwtSecret);
      }
      const { payload } = await jwtVerify(token, this.jwks!, {
        algorithms: JWKS_ALGORITHMS,
        issuer: this.config.jwtIssuer,
        audience: this.config.jwtAudience,
        clockTolerance: CLOCK_SKEW_SECONDS,
      });
      return payload;
    } catch (error) {
      if (
        error instanceof joseErrors.JWKSTimeout ||
        error instanceof joseErrors.JWKSInvalid ||
        !(error instanceof JwtError || error instanceof joseErrors.JOSEError)
      ) {
        // The identity provider did not answer, or not with keys: not the caller's fault.
        this.logger.warn({ err: error }, 'JWKS unavailable');
        throw new DomainError(
          ErrorCode.AUTH_JWKS_UNAVAILABLE,
          503,
          "the identity provider's keys could not be fetched; retry shortly",
        );
      }
      throw new UnauthorizedError(ErrorCode.AUTH_TOKEN_INVALID, error.message);
    }
  }
}
