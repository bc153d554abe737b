import { registerAs } from '@nestjs/config';
import { IsBoolean, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength } from 'class-validator';
import { API_KEYS_PATTERN } from '../security/api-key';
import { EnvBoolean, EnvMapping, loadConfig } from './validate-config';

/**
 * Access control, audit and limits. With none of API_KEYS, JWT_SECRET, JWT_JWKS_URL the service is open
 * (every caller acts as an anonymous admin) and main.ts refuses to listen beyond loopback.
 */
export class SecurityConfig {
  /** Comma-separated `role:key` or `name:role:key`; hashed in memory, never stored. */
  @IsOptional()
  @Matches(API_KEYS_PATTERN, {
    message:
      'must be a comma-separated list of role:key or name:role:key (role viewer, operator or admin; key 16+ characters)',
  })
  apiKeys?: string;
  /** HS256 secret: a bearer token with three dot-separated parts is verified as a JWT. */
  @IsOptional() @IsString() @MinLength(32, { message: 'must be at least 32 characters' }) jwtSecret?: string;
  /**
   * An identity provider's JWKS URL: bearer JWTs signed with RS256/PS256/ES256/EdDSA by one of its
   * keys are accepted (keys fetched on demand and cached; a new kid triggers a refetch).
   */
  @IsOptional()
  @IsUrl(
    { protocols: ['https', 'http'], require_tld: false, require_protocol: true },
    { message: 'must be an http(s) URL' },
  )
  jwtJwksUrl?: string;
  /** When set, a JWKS-verified token must carry this `iss`. */
  @IsOptional() @IsString() jwtIssuer?: string;
  /** When set, a JWKS-verified token must name this audience in `aud`. */
  @IsOptional() @IsString() jwtAudience?: string;
  /** JWT claim holding the role (viewer, operator, admin, or an array of them). */
  @IsString() @Matches(/^[\w.:/-]+$/) jwtRoleClaim: string = 'role';
  /** false = GET /metrics needs a viewer key like any other read. */
  @EnvBoolean() @IsBoolean() metricsOpen: boolean = true;
  /** Writes (any method but GET/HEAD/OPTIONS) per minute per key, or per IP when open; 0 = off. */
  @IsInt() @Min(0) @Max(100_000) rateLimitWritesPerMinute: number = 120;
  /** POST /retrain/trigger per minute per key (or IP), on top of the write limit; 0 = off. */
  @IsInt() @Min(0) @Max(100_000) rateLimitTriggersPerMinute: number = 30;
}

export const SECURITY_ENV: EnvMapping<SecurityConfig> = {
  apiKeys: 'API_KEYS',
  jwtSecret: 'JWT_SECRET',
  jwtJwksUrl: 'JWT_JWKS_URL',
  jwtIssuer: 'JWT_ISSUER',
  jwtAudience: 'JWT_AUDIENCE',
  jwtRoleClaim: 'JWT_ROLE_CLAIM',
  metricsOpen: 'METRICS_OPEN',
  rateLimitWritesPerMinute: 'RATE_LIMIT_WRITES_PER_MINUTE',
  rateLimitTriggersPerMinute: 'RATE_LIMIT_TRIGGERS_PER_MINUTE',
};

/** Whether callers must authenticate: some API key or JWT verification is configured. */
export function accessControlConfigured(config: SecurityConfig, environmentKeys: number): boolean {
  return environmentKeys > 0 || config.jwtSecret !== undefined || config.jwtJwksUrl !== undefined;
}

export const securityConfig = registerAs('security', () => loadConfig(SecurityConfig, SECURITY_ENV));
