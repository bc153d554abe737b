/**
 * The outbound webhook's wire rules as pure functions: how a body is signed, which answers are
 * retried, and how long to wait before the next attempt. The notifier does the I/O.
 */
import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-signature-256';
export const TIMESTAMP_HEADER = 'x-webhook-timestamp';

/**
 * The X-Signature-256 value: `sha256=` + hex HMAC-SHA256, keyed with the shared secret, over
 * `<timestamp>.<raw body>` (timestamp = the X-Webhook-Timestamp header, unix seconds). Binding the
 * timestamp lets receivers refuse replays older than a few minutes.
 */
export function signWebhook(secret: string, timestamp: number, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

/** 429 and 5xx are worth retrying; other answers will not change by asking again. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

export interface BackoffSettings {
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * Milliseconds to wait after failed attempt `attempt` (1-based): exponential backoff
 * base * 2^(attempt-1), or the receiver's Retry-After (delta seconds or an HTTP date) when it sent
 * one; either is capped at maxDelayMs so a receiver cannot park a delivery for hours.
 */
export function retryDelayMs(
  attempt: number,
  settings: BackoffSettings,
  retryAfter: string | null = null,
  now = Date.now(),
): number {
  const requested = retryAfter === null ? null : parseRetryAfter(retryAfter, now);
  const delay = requested ?? settings.baseDelayMs * 2 ** (attempt - 1);
  return Math.min(Math.max(0, delay), settings.maxDelayMs);
}

function parseRetryAfter(value: string, now: number): number | null {
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : date - now;
}
