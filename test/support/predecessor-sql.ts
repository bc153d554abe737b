/**
 * The SQL the predecessor runs against the model-performance tables (RaptorBlingx/enms): its
 * router analytics/api/routes/model_performance.py (endpoints, detect_drift, create_drift_alert,
 * get_model_metrics_during_test, the mock execute_training), its scheduler job
 * cleanup_stuck_training_jobs (analytics/scheduler/jobs.py), the cleanup at startup
 * (analytics/main.py) and every Grafana panel query that reads model_* tables or v_* views
 * (grafana/dashboards/SOTA-ml-performance.json, SOTA-machine-health.json). Written for these
 * tests: the same tables, columns, clauses and parameters, not the predecessor's text.
 *
 * Parameters are given as the Python values asyncpg receives. asyncpg prepares each statement,
 * lets PostgreSQL infer the parameter types and encodes each value for its inferred type,
 * refusing a value that type cannot take (a uuid.UUID for a text parameter, a float for an
 * integer one). runPredecessorStatements checks exactly that, then executes the statement.
 */
import type { Client } from 'pg';

export type PythonValue =
  | { python: 'UUID'; value: string }
  | { python: 'str'; value: string }
  | { python: 'int'; value: number }
  | { python: 'float'; value: number }
  | { python: 'bool'; value: boolean }
  | { python: 'datetime'; value: Date }
  | { python: 'None' };

const uuid = (value: string): PythonValue => ({ python: 'UUID', value });
const str = (value: string): PythonValue => ({ python: 'str', value });
const int = (value: number): PythonValue => ({ python: 'int', value });
const float = (value: number): PythonValue => ({ python: 'float', value });
const bool = (value: boolean): PythonValue => ({ python: 'bool', value });
const datetime = (value: Date): PythonValue => ({ python: 'datetime', value });

export interface PredecessorContext {
  machineId: string;
  /** An energy_baselines id (model A of A/B tests) and a second one (model B). */
  modelId: string;
  modelBId: string;
  abTestId: string;
  stuckJobId: string;
  now: Date;
  /** The id the trigger's INSERT returned, used by the mock training that follows it. */
  newJobId?: string;
}

export interface PredecessorStatement {
  name: string;
  source: 'router' | 'scheduler' | 'main.py' | 'grafana';
  /** Grafana panels depend on the context through their macros and variables. */
  sql: string | ((context: PredecessorContext) => string);
  params: (context: PredecessorContext) => PythonValue[];
  /** Keeps RETURNING id as context.newJobId for the statements after it. */
  keepsNewJobId?: true;
}

const DAY_MS = 86_400_000;
const ago = (context: PredecessorContext, days: number) => new Date(context.now.getTime() - days * DAY_MS);
const ahead = (context: PredecessorContext, hours: number) =>
  new Date(context.now.getTime() + hours * 3_600_000);
const newJob = (context: PredecessorContext) => uuid(context.newJobId ?? 'no job: the trigger insert failed');

const RECORD_BODY = { r_squared: 0.91, rmse: 12.3, mae: 9.1, mape: 7.2 };

const FIRST_30_DAYS = `evaluation_date <= (SELECT MIN(evaluation_date) + INTERVAL '30 days'
                                             FROM model_performance_metrics WHERE model_id = $1)`;

const METRICS_RECORD: PredecessorStatement[] = [
  {
    name: 'POST /metrics/record: model version from energy_baselines',
    source: 'router',
    sql: `SELECT model_version FROM energy_baselines WHERE id = $1`,
    params: (c) => [uuid(c.modelId)],
  },
  {
    name: 'POST /metrics/record: energy readings in the evaluation window',
    source: 'router',
    sql: `SELECT COUNT(*) FROM energy_readings WHERE machine_id = $1 AND time >= $2 AND time <= $3`,
    params: (c) => [uuid(c.machineId), datetime(ago(c, 8)), datetime(ago(c, 1))],
  },
  {
    name: "detect_drift: the model's R² and RMSE over its first 30 days",
    source: 'router',
    sql: `SELECT AVG(r_squared) AS r2, AVG(rmse) AS rmse FROM model_performance_metrics
           WHERE model_id = $1 AND ${FIRST_30_DAYS}`,
    params: (c) => [uuid(c.modelId)],
  },
  {
    name: 'POST /metrics/record: insert the metrics row',
    source: 'router',
    sql: `INSERT INTO model_performance_metrics (model_id, model_type, machine_id, model_version,
            evaluation_start, evaluation_end, sample_count, metrics, r_squared, rmse, mae, mape,
            drift_detected, drift_score, drift_threshold, data_completeness)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
    params: (c) => [
      uuid(c.modelId),
      str('baseline'),
      uuid(c.machineId),
      int(1),
      datetime(ago(c, 8)),
      datetime(ago(c, 1)),
      int(673),
      str(JSON.stringify(RECORD_BODY)),
      float(RECORD_BODY.r_squared),
      float(RECORD_BODY.rmse),
      float(RECORD_BODY.mae),
      float(RECORD_BODY.mape),
      bool(false),
      float(0.058139),
      float(0.1),
      float(0.6677),
    ],
  },
  {
    // The predecessor passes the metrics dict itself for alert_details, which asyncpg refuses
    // without a JSON codec (none is set); here it is sent as the JSON text a working call sends.
    name: 'create_drift_alert: insert the alert with threshold_value',
    source: 'router',
    sql: `INSERT INTO model_alerts (alert_type, severity, model_id, model_type, machine_id, model_version,
            alert_message, alert_details, current_metric_value, threshold_value)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    params: (c) => [
      str('drift_detected'),
      str('warning'),
      uuid(c.modelId),
      str('baseline'),
      uuid(c.machineId),
      int(1),
      str('Model drift detected (score: 0.1744)'),
      str(JSON.stringify(RECORD_BODY)),
      float(0.174419),
      float(0.1),
    ],
  },
];

const TREND_AND_DRIFT: PredecessorStatement[] = [
  {
    name: 'GET /metrics/trend: machine name',
    source: 'router',
    sql: `SELECT name FROM machines WHERE id = $1`,
    params: (c) => [uuid(c.machineId)],
  },
  {
    name: 'GET /metrics/trend: metrics of the period by evaluation date',
    source: 'router',
    sql: `SELECT id, model_id, model_type, machine_id, model_version, evaluation_date, r_squared, rmse, mae, mape,
                 drift_detected, drift_score, sample_count, data_completeness
            FROM model_performance_metrics
           WHERE model_type = $1 AND machine_id = $2 AND evaluation_date >= $3
           ORDER BY evaluation_date ASC`,
    params: (c) => [str('baseline'), uuid(c.machineId), datetime(ago(c, 30))],
  },
  {
    name: "POST /drift/check: the model's latest metrics",
    source: 'router',
    sql: `SELECT r_squared, rmse, mae, mape, evaluation_date FROM model_performance_metrics
           WHERE model_id = $1 ORDER BY evaluation_date DESC LIMIT 1`,
    params: (c) => [uuid(c.modelId)],
  },
  {
    name: "POST /drift/check: averages over the model's first 30 days",
    source: 'router',
    sql: `SELECT AVG(r_squared) AS avg_r_squared, AVG(rmse) AS avg_rmse, AVG(mae) AS avg_mae, AVG(mape) AS avg_mape
            FROM model_performance_metrics WHERE model_id = $1 AND ${FIRST_30_DAYS}`,
    params: (c) => [uuid(c.modelId)],
  },
];

const MOCK_METADATA = {
  mock: true,
  training_method: 'simulated',
  performance_improvement: 5.2,
  hyperparameters: { learning_rate: 0.001, epochs: 100 },
};

const RETRAIN: PredecessorStatement[] = [
  {
    name: 'POST /retrain/trigger: pending or running jobs of the machine and model type',
    source: 'router',
    sql: `SELECT COUNT(*) FROM model_training_history
           WHERE model_type = $1 AND machine_id = $2 AND training_status IN ('pending', 'running')`,
    params: (c) => [str('baseline'), uuid(c.machineId)],
  },
  {
    name: 'POST /retrain/trigger: insert the pending job',
    source: 'router',
    sql: `INSERT INTO model_training_history (model_type, machine_id, training_start, training_status,
            training_data_start, training_data_end, trigger_type, triggered_by)
          VALUES ($1, $2, NOW(), 'pending', NOW() - INTERVAL '90 days', NOW(), $3, 'api') RETURNING id`,
    params: (c) => [str('baseline'), uuid(c.machineId), str('manual')],
    keepsNewJobId: true,
  },
  {
    name: 'execute_training: mark the job running',
    source: 'router',
    sql: `UPDATE model_training_history SET training_status = 'running' WHERE id = $1`,
    params: (c) => [newJob(c)],
  },
  {
    name: 'execute_training: latest completed version',
    source: 'router',
    sql: `SELECT COALESCE(MAX(model_version), 0) FROM model_training_history
           WHERE model_type = $1 AND machine_id = $2 AND training_status = 'completed'`,
    params: (c) => [str('baseline'), uuid(c.machineId)],
  },
  {
    name: 'execute_training: mark the job completed with the mock metadata',
    source: 'router',
    sql: `UPDATE model_training_history
             SET training_status = 'completed', training_end = NOW(), model_version = $1,
                 training_duration_seconds = EXTRACT(EPOCH FROM (NOW() - training_start))::INTEGER,
                 training_samples = $2, metadata = $3
           WHERE id = $4`,
    params: (c) => [int(3), int(1000), str(JSON.stringify(MOCK_METADATA)), newJob(c)],
  },
  {
    name: "execute_training: the mock metrics row (model_id is the job's id)",
    source: 'router',
    sql: `INSERT INTO model_performance_metrics (model_id, model_type, machine_id, model_version, evaluation_date,
            evaluation_start, evaluation_end, r_squared, rmse, mae, mape, drift_detected, drift_score, sample_count,
            data_completeness)
          VALUES ($1, $2, $3, $4, NOW(), NOW() - INTERVAL '7 days', NOW(), $5, $6, $7, $8, $9, $10, $11, $12)`,
    params: (c) => [
      newJob(c),
      str('baseline'),
      uuid(c.machineId),
      int(3),
      float(0.88),
      float(13.5),
      float(9.1),
      float(7.9),
      bool(false),
      float(0.1),
      int(1000),
      float(0.95),
    ],
  },
  {
    name: 'execute_training: mark the job failed',
    source: 'router',
    sql: `UPDATE model_training_history SET training_status = 'failed', training_end = NOW(), error_message = $1
           WHERE id = $2`,
    params: (c) => [str('connection reset'), newJob(c)],
  },
];

const AB_TESTS: PredecessorStatement[] = [
  {
    name: 'POST /ab-test/start: version of model A from energy_baselines',
    source: 'router',
    sql: `SELECT model_version FROM energy_baselines WHERE id = $1`,
    params: (c) => [uuid(c.modelId)],
  },
  {
    name: 'POST /ab-test/start: version of model B from energy_baselines',
    source: 'router',
    sql: `SELECT model_version FROM energy_baselines WHERE id = $1`,
    params: (c) => [uuid(c.modelBId)],
  },
  {
    name: 'POST /ab-test/start: insert the running test',
    source: 'router',
    sql: `INSERT INTO model_ab_tests (test_name, model_type, machine_id, model_a_id, model_a_version,
            model_b_id, model_b_version, test_start, test_end, test_status, created_by)
          VALUES ($1, $2, $3, $4, $5, $6, $7, NOW(), $8, 'running', 'api') RETURNING id`,
    params: (c) => [
      str('baseline v1 vs v2 (predecessor SQL)'),
      str('baseline'),
      uuid(c.machineId),
      uuid(c.modelId),
      int(1),
      uuid(c.modelBId),
      int(2),
      datetime(ahead(c, 24)),
    ],
  },
  {
    name: 'GET /ab-test/{id}/results: the test',
    source: 'router',
    sql: `SELECT * FROM model_ab_tests WHERE id = $1`,
    params: (c) => [uuid(c.abTestId)],
  },
  ...(['A', 'B'] as const).map(
    (model): PredecessorStatement => ({
      name: `get_model_metrics_during_test: model ${model}`,
      source: 'router',
      sql: `SELECT AVG(r_squared) AS r2, AVG(rmse) AS rmse, AVG(mae) AS mae, COUNT(*) AS sample_count
              FROM model_performance_metrics
             WHERE model_id = $1 AND evaluation_date >= $2 AND evaluation_date <= $3`,
      params: (c) => [
        uuid(model === 'A' ? c.modelId : c.modelBId),
        datetime(ago(c, 6)),
        datetime(ahead(c, 192)),
      ],
    }),
  ),
];

type AlertFilter = 'machine_id' | 'model_type' | 'severity';

/** GET /alerts/active builds its WHERE from the filters given, numbering parameters in that order. */
function activeAlerts(filters: AlertFilter[]): PredecessorStatement {
  const clauses = filters.map((filter, index) => ` AND ma.${filter} = $${index + 1}`).join('');
  return {
    name: `GET /alerts/active: ${filters.length ? `filtered by ${filters.join(', ')}` : 'no filter'}`,
    source: 'router',
    sql: `SELECT ma.id, ma.alert_type, ma.severity, ma.model_type, ma.machine_id, m.name AS machine_name,
                 ma.alert_message, ma.alert_timestamp, ma.is_resolved, ma.auto_action_taken
            FROM model_alerts ma
            JOIN machines m ON m.id = ma.machine_id
           WHERE ma.is_resolved = FALSE${clauses} ORDER BY ma.severity DESC, ma.alert_timestamp DESC`,
    params: (c) =>
      filters.map((filter) =>
        filter === 'machine_id'
          ? uuid(c.machineId)
          : filter === 'model_type'
            ? str('baseline')
            : str('warning'),
      ),
  };
}

const ALERTS: PredecessorStatement[] = [
  activeAlerts([]),
  activeAlerts(['machine_id']),
  activeAlerts(['machine_id', 'model_type']),
  activeAlerts(['machine_id', 'model_type', 'severity']),
  activeAlerts(['model_type']),
  activeAlerts(['severity']),
  activeAlerts(['machine_id', 'severity']),
];

const STUCK_JOB_FILTER = `training_status IN ('pending', 'running') AND training_start < NOW() - INTERVAL '30 minutes'`;
const TIMED_OUT = `training_status = 'failed', training_end = NOW(), error_message = 'Job timed out - exceeded 30 minute limit'`;

const CLEANUP: PredecessorStatement[] = [
  {
    name: 'cleanup_stuck_training_jobs (hourly): find stuck jobs',
    source: 'scheduler',
    sql: `SELECT id, model_type, machine_id, training_status, training_start FROM model_training_history
           WHERE ${STUCK_JOB_FILTER} ORDER BY training_start ASC`,
    params: () => [],
  },
  {
    name: 'cleanup_stuck_training_jobs (hourly): fail one stuck job',
    source: 'scheduler',
    sql: `UPDATE model_training_history SET ${TIMED_OUT} WHERE id = $1`,
    params: (c) => [uuid(c.stuckJobId)],
  },
  {
    name: 'startup cleanup: fail every stuck job',
    source: 'main.py',
    sql: `UPDATE model_training_history SET ${TIMED_OUT} WHERE ${STUCK_JOB_FILTER}`,
    params: () => [],
  },
];

/** Grafana's PostgreSQL macros, expanded the way Grafana expands them (quoted RFC 3339 instants). */
const timeFrom = (c: PredecessorContext) =>
  `'${ago(c, 30)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')}'`;
const timeTo = (c: PredecessorContext) => `'${c.now.toISOString().replace(/\.\d{3}Z$/, 'Z')}'`;

function panel(
  dashboard: string,
  title: string,
  sql: (c: PredecessorContext) => string,
): PredecessorStatement {
  return { name: `Grafana ${dashboard}: ${title}`, source: 'grafana', sql, params: () => [] };
}

const GRAFANA = [
  panel(
    'ML performance',
    'Active Models',
    () =>
      `SELECT COUNT(DISTINCT CONCAT(machine_id, '-', model_type)) AS "Active Models" FROM model_performance_metrics`,
  ),
  panel(
    'ML performance',
    'Average R² Score',
    () =>
      `SELECT ROUND(AVG(r_squared)::numeric, 4) AS "Avg R² Score" FROM model_performance_metrics
      WHERE evaluation_date >= NOW() - INTERVAL '30 days' AND r_squared IS NOT NULL`,
  ),
  panel(
    'ML performance',
    'Average RMSE',
    () =>
      `SELECT ROUND(AVG(rmse)::numeric, 2) AS "Avg RMSE" FROM model_performance_metrics
      WHERE evaluation_date >= NOW() - INTERVAL '30 days' AND rmse IS NOT NULL`,
  ),
  panel(
    'ML performance',
    'Total Evaluations (30d)',
    () =>
      `SELECT COUNT(*) AS "Total Evaluations" FROM model_performance_metrics
      WHERE evaluation_date >= NOW() - INTERVAL '30 days'`,
  ),
  ...(['r_squared', 'rmse'] as const).map((metric) =>
    panel(
      'ML performance',
      `${metric === 'rmse' ? 'RMSE' : 'R² Score'} Over Time`,
      (c) =>
        `SELECT mpm.evaluation_date AS time, CONCAT(m.name, ' (v', mpm.model_version, ')') AS metric, mpm.${metric} AS value
         FROM model_performance_metrics mpm JOIN machines m ON mpm.machine_id = m.id
        WHERE mpm.evaluation_date >= ${timeFrom(c)} AND mpm.evaluation_date <= ${timeTo(c)}
          AND mpm.${metric} IS NOT NULL
        ORDER BY mpm.evaluation_date`,
    ),
  ),
  panel(
    'ML performance',
    'Latest Model Performance by Machine',
    () =>
      `SELECT vlmp.machine_name AS "Machine", vlmp.model_type AS "Model Type", vlmp.model_version AS "Version",
            TO_CHAR(vlmp.evaluation_date, 'Mon DD HH24:MI') AS "Last Evaluated",
            ROUND(vlmp.r_squared::numeric, 4) AS "R² Score", ROUND(vlmp.rmse::numeric, 2) AS "RMSE",
            ROUND(vlmp.mae::numeric, 2) AS "MAE", vlmp.drift_detected AS "Drift", vlmp.sample_count AS "Samples"
       FROM v_latest_model_performance vlmp ORDER BY vlmp.r_squared DESC NULLS LAST`,
  ),
  panel(
    'ML performance',
    'Recent Model Training History (30d)',
    () =>
      `SELECT m.name AS "Machine", mth.model_type AS "Model Type", mth.model_version AS "Version",
            mth.training_status AS "Status", TO_CHAR(mth.training_start, 'Mon DD HH24:MI') AS "Started",
            ROUND(EXTRACT(EPOCH FROM (mth.training_end - mth.training_start)) / 60, 2) AS "Duration (min)",
            mth.trigger_type AS "Trigger", mth.training_samples AS "Samples"
       FROM model_training_history mth JOIN machines m ON mth.machine_id = m.id
      WHERE mth.training_start >= NOW() - INTERVAL '30 days'
      ORDER BY mth.training_start DESC LIMIT 10`,
  ),
  panel(
    'machine health',
    'ML Model Performance',
    (c) =>
      `SELECT model_type AS "Model", ROUND(r_squared::numeric, 4) AS "R² Score", ROUND(rmse::numeric, 2) AS "RMSE",
            ROUND(mae::numeric, 2) AS "MAE"
       FROM model_performance_metrics WHERE machine_id = '${c.machineId}'::uuid
      ORDER BY evaluation_date DESC LIMIT 1`,
  ),
];

export const PREDECESSOR_STATEMENTS: readonly PredecessorStatement[] = [
  ...METRICS_RECORD,
  ...TREND_AND_DRIFT,
  ...RETRAIN,
  ...AB_TESTS,
  ...ALERTS,
  ...CLEANUP,
  ...GRAFANA,
];

export interface StatementOutcome {
  name: string;
  /** null when asyncpg would have sent every parameter and PostgreSQL ran the statement. */
  error: string | null;
}

/**
 * Runs every statement in order inside one transaction that is rolled back (each in its own
 * savepoint, so that one failure does not hide the others; `setup` runs first, in the same
 * transaction), checking first that PostgreSQL infers
 * for each parameter a type asyncpg can encode the Python value as.
 */
export async function runPredecessorStatements(
  client: Client,
  context: PredecessorContext,
  options: { setup?: readonly string[]; statements?: readonly PredecessorStatement[] } = {},
): Promise<StatementOutcome[]> {
  const outcomes: StatementOutcome[] = [];
  await client.query('BEGIN');
  try {
    for (const statement of options.setup ?? []) await client.query(statement);
    for (const statement of options.statements ?? PREDECESSOR_STATEMENTS) {
      await client.query('SAVEPOINT predecessor_statement');
      try {
        const sql = typeof statement.sql === 'string' ? statement.sql : statement.sql(context);
        const params = statement.params(context);
        await assertEncodable(client, sql, params);
        const result = await client.query(sql, params.map(driverValue));
        if (statement.keepsNewJobId) context.newJobId = (result.rows[0] as { id: string }).id;
        await client.query('RELEASE SAVEPOINT predecessor_statement');
        outcomes.push({ name: statement.name, error: null });
      } catch (error) {
        await client.query('ROLLBACK TO SAVEPOINT predecessor_statement');
        outcomes.push({ name: statement.name, error: (error as Error).message });
      }
    }
  } finally {
    await client.query('ROLLBACK');
  }
  return outcomes;
}

interface InferredType {
  name: string;
  type_type: string;
  category: string;
}

async function assertEncodable(client: Client, sql: string, params: PythonValue[]): Promise<void> {
  await client.query(`PREPARE predecessor_check AS ${sql}`);
  try {
    const { rows } = await client.query<InferredType>(
      `SELECT u.t::regtype::text AS name, pt.typtype AS type_type, pt.typcategory AS category
         FROM pg_prepared_statements s, unnest(s.parameter_types) WITH ORDINALITY AS u(t, n)
         JOIN pg_type pt ON pt.oid = u.t
        WHERE s.name = 'predecessor_check' ORDER BY u.n`,
    );
    rows.forEach((inferred, index) => {
      const value = params[index];
      if (value && !asyncpgEncodes(value, inferred))
        throw new Error(
          `asyncpg cannot send argument $${index + 1}: a Python ${value.python} for a parameter of type ${inferred.name}`,
        );
    });
  } finally {
    await client.query('DEALLOCATE predecessor_check');
  }
}

/** Which inferred parameter types asyncpg's codecs accept each Python value for. */
function asyncpgEncodes(value: PythonValue, inferred: InferredType): boolean {
  switch (value.python) {
    case 'None':
      return true;
    case 'UUID':
      return inferred.name === 'uuid';
    case 'str':
      return (
        inferred.category === 'S' ||
        inferred.type_type === 'e' ||
        ['json', 'jsonb', 'uuid', 'unknown'].includes(inferred.name)
      );
    case 'int':
      return inferred.category === 'N';
    case 'float':
      return ['real', 'double precision', 'numeric'].includes(inferred.name);
    case 'bool':
      return inferred.name === 'boolean';
    case 'datetime':
      return ['timestamp with time zone', 'timestamp without time zone', 'date'].includes(inferred.name);
  }
}

function driverValue(value: PythonValue): unknown {
  return value.python === 'None' ? null : value.value;
}
