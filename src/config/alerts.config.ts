import { registerAs } from '@nestjs/config';
import { IsInt, IsOptional, IsString, IsUrl, Max, MinLength, Min, ValidateIf } from 'class-validator';
import { EnvMapping, loadConfig } from './validate-config';

export class AlertsConfig {
  /** Where alert events (opened, escalated, resolved) are POSTed; unset = no notifications. */
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  webhookUrl?: string;
  /** HMAC-SHA256 key of the X-Signature-256 header; required with a URL, so no event leaves unsigned. */
  @ValidateIf((config: AlertsConfig) => config.webhookUrl !== undefined || config.webhookSecret !== undefined)
  @IsString({ message: 'is required when ALERT_WEBHOOK_URL is set' })
  @MinLength(16, { message: 'must be at least 16 characters' })
  webhookSecret?: string;
  /** Attempts per event, the first included (retries on 429, 5xx, timeouts and network errors). */
  @IsInt() @Min(1) @Max(20) webhookMaxAttempts: number = 5;
  @IsInt() @Min(100) @Max(60_000) webhookTimeoutMs: number = 5_000;
  /** Delay before retry n is base * 2^(n-1), capped by the max delay; Retry-After wins when sent (capped too). */
  @IsInt() @Min(0) @Max(600_000) webhookBaseDelayMs: number = 1_000;
  @IsInt() @Min(0) @Max(3_600_000) webhookMaxDelayMs: number = 60_000;
  /** A model not evaluated for this many days raises evaluation_stale (critical after three times as many). */
  @IsInt() @Min(1) @Max(365) staleEvaluationDays: number = 2;
}

export const ALERTS_ENV: EnvMapping<AlertsConfig> = {
  webhookUrl: 'ALERT_WEBHOOK_URL',
  webhookSecret: 'ALERT_WEBHOOK_SECRET',
  webhookMaxAttempts: 'ALERT_WEBHOOK_MAX_ATTEMPTS',
  webhookTimeoutMs: 'ALERT_WEBHOOK_TIMEOUT_MS',
  webhookBaseDelayMs: 'ALERT_WEBHOOK_BASE_DELAY_MS',
  webhookMaxDelayMs: 'ALERT_WEBHOOK_MAX_DELAY_MS',
  staleEvaluationDays: 'ALERT_STALE_EVALUATION_DAYS',
};

export const alertsConfig = registerAs('alerts', () => loadConfig(AlertsConfig, ALERTS_ENV));
