/**
 * Outbound webhook for alert events (opened, escalated, resolved). Deliveries run in the
 * background: the request that raised or resolved the alert never waits for the receiver.
 * Each attempt is recorded in mps_alert_webhook_deliveries; 429, 5xx, timeouts and network errors
 * are retried with capped exponential backoff (Retry-After honoured). Retries live in this
 * process: on shutdown, waiting retries are abandoned (logged) and attempts in flight aborted.
 */
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { alertsConfig } from '../config/alerts.config';
import { AlertRecord, AlertsRepository } from './alerts.repository';
import { WebhookEvent } from './entities/webhook-delivery.entity';
import {
  isRetryableStatus,
  retryDelayMs,
  SIGNATURE_HEADER,
  signWebhook,
  TIMESTAMP_HEADER,
} from './webhook-protocol';

interface AttemptResult {
  delivered: boolean;
  retryable: boolean;
  status_code: number | null;
  error: string | null;
  retryAfter: string | null;
}

/** The JSON body: Slack-compatible `text` plus the structured event and alert. */
export function webhookPayload(event: WebhookEvent, alert: AlertRecord) {
  const subject = `${alert.alert_type} on ${alert.machine_name} (${alert.model_type})`;
  const text = {
    opened: `[${alert.severity.toUpperCase()}] Alert opened: ${subject}: ${alert.alert_message}`,
    escalated: `[${alert.severity.toUpperCase()}] Alert escalated from ${alert.previous_severity}: ${subject}: ${alert.alert_message} (${alert.occurrences} occurrences)`,
    resolved: `[RESOLVED] ${subject}: ${alert.resolution_action}${alert.resolved_by ? ` by ${alert.resolved_by}` : ''}`,
  }[event];
  return { event, text, alert };
}

@Injectable()
export class AlertNotifier implements OnModuleDestroy {
  private readonly logger = new Logger(AlertNotifier.name);
  private readonly shutdown = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    @Inject(alertsConfig.KEY) private readonly config: ConfigType<typeof alertsConfig>,
    private readonly alerts: AlertsRepository,
  ) {}

  /** Starts delivering the event in the background; does nothing when no webhook is configured. */
  notify(event: WebhookEvent, alert: AlertRecord): void {
    if (this.config.webhookUrl === undefined) return;
    const delivery = this.deliver(event, alert).catch((error: unknown) =>
      this.logger.error({ err: error, alert_id: alert.id, event }, 'alert webhook delivery failed'),
    );
    this.inFlight.add(delivery);
    void delivery.finally(() => this.inFlight.delete(delivery));
  }

  async onModuleDestroy(): Promise<void> {
    this.shutdown.abort();
    await Promise.all(this.inFlight);
  }

  private async deliver(event: WebhookEvent, alert: AlertRecord): Promise<void> {
    const deliveryId = randomUUID();
    const body = JSON.stringify(webhookPayload(event, alert));
    const context = { alert_id: alert.id, event, delivery_id: deliveryId };
    for (let attempt = 1; ; attempt++) {
      const result = await this.attempt(body, event, deliveryId);
      await this.alerts.insertDelivery({
        alert_id: alert.id,
        delivery_id: deliveryId,
        event,
        attempt,
        status_code: result.status_code,
        error: result.error,
        delivered: result.delivered,
      });
      if (result.delivered) return;
      const last = !result.retryable || attempt >= this.config.webhookMaxAttempts;
      if (last || this.shutdown.signal.aborted) {
        this.logger.warn({ ...context, attempt, error: result.error }, 'alert webhook not delivered');
        return;
      }
      const wait = retryDelayMs(
        attempt,
        { baseDelayMs: this.config.webhookBaseDelayMs, maxDelayMs: this.config.webhookMaxDelayMs },
        result.retryAfter,
      );
      try {
        await delay(wait, undefined, { signal: this.shutdown.signal });
      } catch {
        this.logger.warn(
          { ...context, attempt },
          'alert webhook retry abandoned: the service is shutting down',
        );
        return;
      }
    }
  }

  private async attempt(body: string, event: WebhookEvent, deliveryId: string): Promise<AttemptResult> {
    const timestamp = Math.floor(Date.now() / 1000);
    try {
      const response = await fetch(this.config.webhookUrl!, {
        method: 'POST',
        // A redirect would turn the POST into a GET without the body; report it instead.
        redirect: 'manual',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'enms-model-performance-service',
          'x-webhook-event': event,
          'x-webhook-delivery': deliveryId,
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signWebhook(this.config.webhookSecret!, timestamp, body),
        },
        body,
        signal: AbortSignal.any([AbortSignal.timeout(this.config.webhookTimeoutMs), this.shutdown.signal]),
      });
      // Read the body so the connection is released, and keep its start as the error's detail.
      const answer = (await response.text()).slice(0, 300);
      if (response.ok) {
        return {
          delivered: true,
          retryable: false,
          status_code: response.status,
          error: null,
          retryAfter: null,
        };
      }
      return {
        delivered: false,
        retryable: isRetryableStatus(response.status),
        status_code: response.status,
        error: `HTTP ${response.status}${answer ? `: ${answer}` : ''}`,
        retryAfter: response.headers.get('retry-after'),
      };
    } catch (error) {
      return {
        delivered: false,
        retryable: true,
        status_code: null,
        error: describe(error),
        retryAfter: null,
      };
    }
  }
}

/**
 * fetch reports network failures as "fetch failed" with the reason in `cause` (an error with a code
 * such as ECONNREFUSED, sometimes an AggregateError without a message). Duck-typed, not instanceof:
 * undici's errors may come from another realm.
 */
function describe(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const { name, message, cause } = error as { name?: unknown; message?: unknown; cause?: unknown };
  const details =
    typeof cause === 'object' && cause !== null ? (cause as { code?: unknown; message?: unknown }) : {};
  const reason = [text(details.code), text(details.message)].filter((part) => part !== '');
  return `${text(name) || 'Error'}: ${text(message)}${reason.length > 0 ? ` (${reason.join(': ')})` : ''}`;
}
