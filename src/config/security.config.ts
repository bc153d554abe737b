import { registerAs } from '@nestjs/config';
import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { API_KEYS_PATTERN } from '../security/api-key';
import { EnvBoolean, EnvMapping, loadConfig } from './validate-config';

/**
 * Access control, audit and limits. With neither API_KEYS nor JWT_SECRET the service is open
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
  jwtRoleClaim: 'JWT_ROLE_CLAIM',
  metricsOpen: 'METRICS_OPEN',
  rateLimitWritesPerMinute: 'RATE_LIMIT_WRITES_PER_MINUTE',
  rateLimitTriggersPerMinute: 'RATE_LIMIT_TRIGGERS_PER_MINUTE',
};

export const securityConfig = registerAs('security', () => loadConfig(SecurityConfig, SECURITY_ENV));
