/**
 * The SQL the service sends for the four endpoints of the API benchmark, statement for statement,
 * as its pg client logged it (TypeORM's generated text where it still sends one), so that the bare reference server
 * (bench/bare-server.ts) costs PostgreSQL exactly what the service costs it. When a repository of
 * the service changes its SQL, change it here too: api.bench.ts compares the two servers' answers
 * before it measures, but it cannot see a changed statement.
 *
 *   GET  /metrics/trend     MACHINE_BY_ID, TREND_ROWS
 *   GET  /alerts/active     activeAlerts(filter)
 *   POST /metrics/record    MACHINE_BY_ID, VERSION_BY_ID, the service's own READING_COUNT
 *                           (readings.repository.ts), INSERT_METRIC
 *   POST /retrain/trigger   MACHINE_BY_ID, BEGIN, the service's own INSERT_PENDING_JOB (training.repository.ts;
 *                           no row: a job is in flight), COMMIT
 *   every POST, after the response: INSERT_AUDIT
 */

/** TypeORM's select list: `"Alias"."column" AS "Alias_column", ...`. */
const selectList = (alias: string, columns: string[]) =>
  columns.map((column) => `"${alias}"."${column}" AS "${alias}_${column}"`).join(', ');

/** The service's plain INSERT of a new row (src/database/plain-rows.ts): the given columns, RETURNING *. */
function plainInsert(table: string, given: string[]): string {
  const quoted = given.map((column) => `"${column}"`).join(', ');
  return `INSERT INTO "${table}" (${quoted}) VALUES (${given.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING *`;
}

const MACHINE_COLUMNS = [
  'id',
  'name',
  'type',
  'is_active',
  'data_interval_seconds',
  'created_at',
  'timezone',
  'location',
  'metadata',
  'updated_at',
];

/** The service's plain SELECT of one row by its key (src/database/plain-rows.ts): the entity's columns by name. */
const rowById = (table: string, columns: string[]) =>
  `SELECT ${columns.map((column) => `"${column}"`).join(', ')} FROM "${table}" WHERE "id" = $1`;

export const MACHINE_BY_ID = rowById('machines', MACHINE_COLUMNS);

const VERSION_COLUMNS = [
  'id',
  'machine_id',
  'model_type',
  'version',
  'algorithm',
  'status',
  'parameters',
  'hyperparameters',
  'feature_names',
  'training_data_start',
  'training_data_end',
  'training_samples',
  'training_metrics',
  'validation_metrics',
  'training_job_id',
  'created_at',
  'activated_at',
];

export const VERSION_BY_ID = rowById('mps_model_versions', VERSION_COLUMNS);

/** Filled by evaluations of anomaly models only. */
const ANOMALY_METRIC_COLUMNS = [
  'precision_score',
  'recall_score',
  'f1_score',
  'true_positives',
  'false_positives',
  'true_negatives',
  'false_negatives',
];

export const METRIC_COLUMNS = [
  'id',
  'model_id',
  'model_type',
  'machine_id',
  'model_version',
  'evaluation_date',
  'evaluation_start',
  'evaluation_end',
  'sample_count',
  'metrics',
  'r_squared',
  'rmse',
  'mae',
  'mape',
  'cv_rmse',
  'nmbe',
  ...ANOMALY_METRIC_COLUMNS,
  'drift_detected',
  'drift_score',
  'drift_threshold',
  'data_completeness',
  'outlier_percentage',
  'evaluation_notes',
  'source',
  'created_by',
  'created_at',
  'metadata',
];

/** $1 machine_id, $2 model_type, $3 since. Rows come back aliased `m_<column>`. */
export const TREND_ROWS = `SELECT ${selectList('m', METRIC_COLUMNS)} FROM "model_performance_metrics" "m" WHERE "m"."machine_id" = $1 AND "m"."model_type" = $2 AND "m"."evaluation_date" >= $3 ORDER BY "m"."evaluation_end" ASC, "m"."evaluation_date" ASC LIMIT 5000`;

/** The columns MetricsService.record leaves to their defaults; it gives the others, in column order. */
const METRIC_DEFAULTS = [
  'id',
  'evaluation_date',
  ...ANOMALY_METRIC_COLUMNS,
  'outlier_percentage',
  'evaluation_notes',
  'created_at',
];

export const INSERT_METRIC = plainInsert(
  'model_performance_metrics',
  METRIC_COLUMNS.filter((column) => !METRIC_DEFAULTS.includes(column)),
);

/** $1 actor ... $10 details, as AuditRepository.append sends them (one statement, no transaction). */
export const INSERT_AUDIT = plainInsert('mps_audit_log', [
  'actor',
  'role',
  'method',
  'path',
  'action',
  'target',
  'outcome',
  'ip',
  'request_id',
  'details',
]);

const ACTIVE_COLUMNS = `id, alert_type, severity, model_type, machine_id, machine_name, machine_type, alert_message,
  alert_timestamp, is_resolved, auto_action_taken, model_id, model_version, current_metric_value,
  threshold_value, acknowledged_at, occurrences, last_seen_at, age_hours::double precision AS age_hours`;

export interface ActiveAlertFilter {
  machine_id?: string;
  model_type?: string;
  severity?: string;
}

/** AlertsRepository.active: the filters present, in this order, bound as $1, $2, ... */
export function activeAlerts(filter: ActiveAlertFilter): { text: string; values: string[] } {
  const values: string[] = [];
  const conditions: string[] = [];
  for (const column of ['machine_id', 'model_type', 'severity'] as const) {
    const value = filter[column];
    if (value !== undefined) {
      values.push(value);
      conditions.push(`a.${column} = $${values.length}`);
    }
  }
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  return {
    text: `SELECT ${ACTIVE_COLUMNS} FROM v_unresolved_model_alerts a ${where}
        ORDER BY a.alert_timestamp DESC, a.id LIMIT 1000`,
    values,
  };
}
