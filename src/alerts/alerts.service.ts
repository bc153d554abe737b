/**
 * Alerts: the domain API other modules call (raise, recordAutoAction, resolve) and what the REST
 * API reads. One unresolved alert per machine, model type and alert type: the partial unique
 * index decides, and repeats update it (occurrences, last seen, worst value, severity up only).
 * Opening, escalating and resolving notify the webhook in the background.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { BadInputError, ConflictError, NotFoundError } from '../common/domain-error';
import { Page } from '../common/pagination';
import { alertsConfig } from '../config/alerts.config';
import { AlertNotifier } from './alert-notifier';
import { severityRank, worseDirection } from './alert-severity';
import { ActiveAlert, AlertFilter, AlertRecord, AlertsRepository, RaiseInput } from './alerts.repository';
import { WebhookDelivery } from './entities/webhook-delivery.entity';
import { ErrorCode } from '../common/error-codes';

export const RESOLUTION_ACTIONS = ['retrained', 'recalibrated', 'false_alarm', 'accepted', 'other'] as const;
export type ResolutionAction = (typeof RESOLUTION_ACTIONS)[number];

export type { RaiseInput };

export const ALREADY_RESOLVED = ErrorCode.ALERT_ALREADY_RESOLVED;

export type RaiseOutcome = 'opened' | 'repeated' | 'escalated';

export interface RaiseResult {
  alert: AlertRecord;
  outcome: RaiseOutcome;
}

export interface ResolveInput {
  resolution_action: ResolutionAction;
  resolution_notes?: string | null;
  resolved_by?: string | null;
}

@Injectable()
export class AlertsService {
  private readonly logger = new Logger(AlertsService.name);

  constructor(
    private readonly alerts: AlertsRepository,
    private readonly notifier: AlertNotifier,
    @Inject(alertsConfig.KEY) private readonly config: ConfigType<typeof alertsConfig>,
  ) {}

  /** Days without an evaluation after which a model is stale (ALERT_STALE_EVALUATION_DAYS), for severityFor. */
  get staleEvaluationDays(): number {
    return this.config.staleEvaluationDays;
  }

  /**
   * Opens an alert, or records a repeat of the open one with the same machine, model type and
   * alert type (one INSERT ... ON CONFLICT on the partial unique index; race-free across replicas):
   * occurrences + 1, last_seen_at, latest message/values, worst_metric_value kept (see
   * worseDirection). Severity only rises: a higher one escalates the alert (and clears its
   * acknowledgement, so the raised severity is seen), a lower one leaves it as it is.
   * A resolved alert is history: the next raise opens a new alert.
   */
  async raise(input: RaiseInput): Promise<RaiseResult> {
    const { alert, inserted } = await this.alerts.upsertOpen(
      input,
      worseDirection(input.alert_type) === 'lowest',
    );
    const outcome: RaiseOutcome = inserted
      ? 'opened'
      : alert.previous_severity !== null &&
          severityRank(alert.severity) > severityRank(alert.previous_severity)
        ? 'escalated'
        : 'repeated';
    if (outcome !== 'repeated') {
      this.logger.log(
        { alert_id: alert.id, alert_type: alert.alert_type, severity: alert.severity, outcome },
        `alert ${outcome}`,
      );
      this.notifier.notify(outcome, alert);
    }
    return { alert, outcome };
  }

  /** Notes what the service did about an alert on its own (e.g. triggered a retraining). */
  async recordAutoAction(
    alertId: string,
    action: { type: string; result: Record<string, unknown> },
  ): Promise<AlertRecord> {
    const alert = await this.alerts.recordAutoAction(alertId, action.type, action.result);
    if (!alert) throw new NotFoundError('alert', alertId, 'alert_id');
    return alert;
  }

  async get(alertId: string): Promise<AlertRecord> {
    const alert = await this.alerts.findById(alertId);
    if (!alert) throw new NotFoundError('alert', alertId, 'alert_id');
    return alert;
  }

  list(filter: AlertFilter, limit: number, offset: number): Promise<Page<AlertRecord>> {
    if (filter.since && filter.until && !(filter.until > filter.since)) {
      throw new BadInputError(ErrorCode.REQUEST_BAD_WINDOW, 'until must be after since', [
        { field: 'until', message: 'must be after since' },
      ]);
    }
    return this.alerts.list(filter, limit, offset);
  }

  active(filter: Pick<AlertFilter, 'machine_id' | 'model_type' | 'severity'>): Promise<ActiveAlert[]> {
    return this.alerts.active(filter);
  }

  /** Idempotent: acknowledging again answers the alert with its first acknowledgement. 409 when resolved. */
  async acknowledge(
    alertId: string,
    input: { acknowledged_by?: string | null; notes?: string | null },
  ): Promise<AlertRecord> {
    const alert = await this.alerts.acknowledge(alertId, input.acknowledged_by ?? null, input.notes ?? null);
    return alert ?? this.refuseResolved(alertId, 'cannot be acknowledged');
  }

  /** Resolves an open alert (409 when it is already resolved) and notifies the webhook. */
  async resolve(alertId: string, input: ResolveInput): Promise<AlertRecord> {
    const alert = await this.alerts.resolve(alertId, {
      resolution_action: input.resolution_action,
      resolution_notes: input.resolution_notes ?? null,
      resolved_by: input.resolved_by ?? null,
    });
    if (!alert) return this.refuseResolved(alertId, 'cannot be resolved again');
    this.logger.log({ alert_id: alert.id, resolution_action: alert.resolution_action }, 'alert resolved');
    this.notifier.notify('resolved', alert);
    return alert;
  }

  async deliveries(alertId: string, limit: number, offset: number): Promise<Page<WebhookDelivery>> {
    await this.get(alertId);
    return this.alerts.listDeliveries(alertId, limit, offset);
  }

  /** A conditional update matched nothing: 404 for an unknown alert, else it was resolved (409). */
  private async refuseResolved(alertId: string, what: string): Promise<never> {
    const alert = await this.get(alertId);
    throw new ConflictError(
      ALREADY_RESOLVED,
      `alert ${alertId} was resolved at ${alert.resolved_at?.toISOString()}; it ${what}`,
    );
  }
}
