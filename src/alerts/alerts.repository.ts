/**
 * SQL of alerts. Raising is one INSERT ... ON CONFLICT against the partial unique index
 * uq_alerts_one_open, so concurrent detections on any number of replicas end in one open alert.
 * Acknowledge and resolve are conditional UPDATEs: the row's state decides, not a prior read.
 */
import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../common/domain-error';
import { Page } from '../common/pagination';
import { isForeignKeyViolation } from '../database/driver-errors';
import { ModelType } from '../models/model-type';
import { Alert, ALERT_SEVERITIES, AlertSeverity, AlertType } from './entities/alert.entity';
import { UnresolvedAlertView } from './entities/unresolved-alert.view';
import { WebhookDelivery } from './entities/webhook-delivery.entity';
import { UnitOfWork } from '../database/unit-of-work';

/** An alert row with its machine's name, as every endpoint and the webhook show it. */
export type AlertRecord = Omit<Alert, 'machine'> & { machine_name: string };

/** A row of v_unresolved_model_alerts (the predecessor's GET /alerts/active). */
export type ActiveAlert = Omit<UnresolvedAlertView, 'alert_type' | 'severity'> & {
  alert_type: AlertType;
  severity: AlertSeverity;
};

/** A detection to record as an alert (AlertsService.raise). */
export interface RaiseInput {
  machine_id: string;
  model_type: ModelType;
  alert_type: AlertType;
  severity: AlertSeverity;
  message: string;
  model_id?: string | null;
  model_version?: number | null;
  details?: Record<string, unknown>;
  /** The observed metric (data_gap: completeness 0..1; otherwise larger magnitude = worse). */
  current_value?: number | null;
  threshold_value?: number | null;
  baseline_value?: number | null;
}

export interface AlertFilter {
  machine_id?: string;
  model_type?: ModelType;
  alert_type?: AlertType;
  severity?: AlertSeverity;
  is_resolved?: boolean;
  acknowledged?: boolean;
  since?: Date;
  until?: Date;
}

export interface ResolveValues {
  resolution_action: string;
  resolution_notes: string | null;
  resolved_by: string | null;
}

/** The predecessor's /alerts/active answers at most this many rows. */
export const ACTIVE_ALERTS_CAP = 1000;

const rank = (expression: string) =>
  `array_position(ARRAY[${ALERT_SEVERITIES.map((s) => `'${s}'`).join(', ')}]::text[], ${expression})`;
const ESCALATES = `${rank('EXCLUDED.severity::text')} > ${rank('a.severity::text')}`;

/** Runs a data-changing statement (ending before RETURNING) and answers its rows with the machine name. */
const withMachineName = (statement: string, extra = '') => `
  WITH changed AS (${statement} RETURNING *${extra})
  SELECT changed.*, m.name AS machine_name FROM changed JOIN machines m ON m.id = changed.machine_id`;

const UPSERT = withMachineName(
  `INSERT INTO model_alerts AS a
     (machine_id, model_type, alert_type, severity, alert_message, model_id, model_version, alert_details,
      current_metric_value, threshold_value, baseline_metric_value, worst_metric_value)
   VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::double precision, $10, $11, $9::double precision)
   ON CONFLICT (machine_id, model_type, alert_type) WHERE NOT is_resolved DO UPDATE SET
     occurrences = a.occurrences + 1,
     last_seen_at = now(),
     previous_severity = a.severity::text,
     severity = CASE WHEN ${ESCALATES} THEN EXCLUDED.severity ELSE a.severity END,
     acknowledged_at = CASE WHEN ${ESCALATES} THEN NULL ELSE a.acknowledged_at END,
     acknowledged_by = CASE WHEN ${ESCALATES} THEN NULL ELSE a.acknowledged_by END,
     acknowledgement_notes = CASE WHEN ${ESCALATES} THEN NULL ELSE a.acknowledgement_notes END,
     alert_message = EXCLUDED.alert_message,
     alert_details = coalesce(EXCLUDED.alert_details, a.alert_details),
     model_id = coalesce(EXCLUDED.model_id, a.model_id),
     model_version = coalesce(EXCLUDED.model_version, a.model_version),
     current_metric_value = coalesce(EXCLUDED.current_metric_value, a.current_metric_value),
     threshold_value = coalesce(EXCLUDED.threshold_value, a.threshold_value),
     baseline_metric_value = coalesce(EXCLUDED.baseline_metric_value, a.baseline_metric_value),
     worst_metric_value = CASE
       WHEN EXCLUDED.worst_metric_value IS NULL OR a.worst_metric_value IS NULL
         THEN coalesce(a.worst_metric_value, EXCLUDED.worst_metric_value)
       WHEN $12::boolean THEN least(a.worst_metric_value, EXCLUDED.worst_metric_value)
       WHEN abs(EXCLUDED.worst_metric_value) > abs(a.worst_metric_value) THEN EXCLUDED.worst_metric_value
       ELSE a.worst_metric_value
     END`,
  ', (xmax = 0) AS inserted',
);

const ACTIVE_COLUMNS = `id, alert_type, severity, model_type, machine_id, machine_name, machine_type, alert_message,
  alert_timestamp, is_resolved, auto_action_taken, model_id, model_version, current_metric_value,
  threshold_value, acknowledged_at, occurrences, last_seen_at, age_hours::double precision AS age_hours`;

@Injectable()
export class AlertsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /**
   * Opens the alert, or updates the open one of the same key; `inserted` tells which.
   * lowerIsWorse: worst_metric_value keeps the smallest value instead of the largest magnitude.
   */
  async upsertOpen(
    input: RaiseInput,
    lowerIsWorse: boolean,
  ): Promise<{ alert: AlertRecord; inserted: boolean }> {
    const [row] = await this.uow.manager
      .query<
        (AlertRecord & { inserted: boolean })[]
      >(UPSERT, [input.machine_id, input.model_type, input.alert_type, input.severity, input.message, input.model_id ?? null, input.model_version ?? null, input.details === undefined ? null : JSON.stringify(input.details), input.current_value ?? null, input.threshold_value ?? null, input.baseline_value ?? null, lowerIsWorse])
      .catch((error: unknown) => {
        if (isForeignKeyViolation(error, 'model_alerts_machine_id_fkey'))
          throw new NotFoundError('machine', input.machine_id, 'machine_id');
        throw error;
      });
    const { inserted, ...alert } = row;
    return { alert, inserted };
  }

  async findById(id: string): Promise<AlertRecord | null> {
    const rows = await this.uow.manager.query<AlertRecord[]>(
      `SELECT a.*, m.name AS machine_name FROM model_alerts a JOIN machines m ON m.id = a.machine_id WHERE a.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  async list(filter: AlertFilter, limit: number, offset: number): Promise<Page<AlertRecord>> {
    const { where, params } = whereClause(filter);
    const [items, [{ total }]] = await Promise.all([
      this.uow.manager.query<AlertRecord[]>(
        `SELECT a.*, m.name AS machine_name FROM model_alerts a JOIN machines m ON m.id = a.machine_id
          ${where} ORDER BY a.alert_timestamp DESC, a.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, limit, offset],
      ),
      this.uow.manager.query<{ total: number }[]>(
        `SELECT count(*)::int AS total FROM model_alerts a ${where}`,
        params,
      ),
    ]);
    return { items, total, limit, offset };
  }

  /**
   * Unresolved alerts from v_unresolved_model_alerts as the predecessor ordered them: severity first
   * (the alert_level enum sorts critical highest), newest first within a severity; capped.
   */
  active(filter: Pick<AlertFilter, 'machine_id' | 'model_type' | 'severity'>): Promise<ActiveAlert[]> {
    const { where, params } = whereClause(filter);
    return this.uow.query<ActiveAlert>(
      `SELECT ${ACTIVE_COLUMNS} FROM v_unresolved_model_alerts a ${where}
        ORDER BY a.severity DESC, a.alert_timestamp DESC, a.id LIMIT ${ACTIVE_ALERTS_CAP}`,
      params,
    );
  }

  /** Acknowledges an unresolved alert; the first acknowledgement (time, who, notes) is kept. Null when resolved or unknown. */
  async acknowledge(id: string, by: string | null, notes: string | null): Promise<AlertRecord | null> {
    const rows = await this.uow.manager.query<AlertRecord[]>(
      withMachineName(
        `UPDATE model_alerts SET
           acknowledged_by = CASE WHEN acknowledged_at IS NULL THEN $2 ELSE acknowledged_by END,
           acknowledgement_notes = CASE WHEN acknowledged_at IS NULL THEN $3 ELSE acknowledgement_notes END,
           acknowledged_at = coalesce(acknowledged_at, now())
         WHERE id = $1 AND NOT is_resolved`,
      ),
      [id, by, notes],
    );
    return rows[0] ?? null;
  }

  /** Resolves an unresolved alert; null when it is already resolved or unknown. */
  async resolve(id: string, values: ResolveValues): Promise<AlertRecord | null> {
    const rows = await this.uow.manager.query<AlertRecord[]>(
      withMachineName(
        `UPDATE model_alerts SET is_resolved = true, resolved_at = now(), resolution_action = $2,
                resolution_notes = $3, resolved_by = $4
          WHERE id = $1 AND NOT is_resolved`,
      ),
      [id, values.resolution_action, values.resolution_notes, values.resolved_by],
    );
    return rows[0] ?? null;
  }

  async recordAutoAction(
    id: string,
    type: string,
    result: Record<string, unknown>,
  ): Promise<AlertRecord | null> {
    const rows = await this.uow.manager.query<AlertRecord[]>(
      withMachineName(
        `UPDATE model_alerts SET auto_action_taken = true, auto_action_type = $2, auto_action_result = $3::jsonb
          WHERE id = $1`,
      ),
      [id, type, JSON.stringify(result)],
    );
    return rows[0] ?? null;
  }

  async insertDelivery(values: Omit<WebhookDelivery, 'id' | 'created_at' | 'alert'>): Promise<void> {
    await this.uow.manager.insert(WebhookDelivery, values);
  }

  /** Oldest first, so the attempts of each event read in order. */
  async listDeliveries(alertId: string, limit: number, offset: number): Promise<Page<WebhookDelivery>> {
    const [items, total] = await this.uow.manager.findAndCount(WebhookDelivery, {
      where: { alert_id: alertId },
      order: { created_at: 'ASC', attempt: 'ASC' },
      take: limit,
      skip: offset,
    });
    return { items, total, limit, offset };
  }
}

/** WHERE clause over alias `a` (model_alerts or the view); column names come from this code, values are parameters. */
function whereClause(filter: AlertFilter): { where: string; params: unknown[] } {
  const params: unknown[] = [];
  const conditions: string[] = [];
  const bind = (condition: (placeholder: string) => string, value: unknown) => {
    params.push(value);
    conditions.push(condition(`$${params.length}`));
  };
  for (const column of ['machine_id', 'model_type', 'alert_type', 'severity', 'is_resolved'] as const) {
    if (filter[column] !== undefined) bind((p) => `a.${column} = ${p}`, filter[column]);
  }
  if (filter.acknowledged !== undefined)
    conditions.push(`a.acknowledged_at IS ${filter.acknowledged ? 'NOT NULL' : 'NULL'}`);
  if (filter.since !== undefined) bind((p) => `a.alert_timestamp >= ${p}`, filter.since);
  if (filter.until !== undefined) bind((p) => `a.alert_timestamp < ${p}`, filter.until);
  return { where: conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '', params };
}
