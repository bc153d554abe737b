/**
 * SQL of the fleet overview: one row per machine and model type, with the active version, the
 * newest metrics row, the newest drift verdict and the open alert count, in two statements (the
 * page and its total) whatever the page size. The laterals use idx_metrics_machine_type_date
 * backwards and the partial uq_model_versions_one_active; the open alerts are counted once per
 * page with idx_model_alerts_unresolved.
 */
import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../database/unit-of-work';
import { MODEL_TYPES, ModelType } from '../models/model-type';

export interface FleetRow {
  machine_id: string;
  machine_name: string;
  machine_type: string;
  model_type: ModelType;
  energy_last: Date | null;
  version_id: string | null;
  version: number | null;
  algorithm: string | null;
  trained_at: Date | null;
  activated_at: Date | null;
  guideline14: Record<string, unknown> | null;
  evaluated_at: Date | null;
  evaluation_start: Date | null;
  evaluation_end: Date | null;
  evaluation_version: number | null;
  evaluation_source: string | null;
  r_squared: number | null;
  cv_rmse: number | null;
  nmbe: number | null;
  mape: number | null;
  f1_score: number | null;
  drift_checked_at: Date | null;
  drift_detected: boolean | null;
  drift_score: number | null;
  drift_type: string | null;
  open_alerts: number;
}

@Injectable()
export class FleetRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** The rows of one page, ordered by machine name, machine id and model type. */
  page(limit: number, offset: number): Promise<FleetRow[]> {
    return this.uow.manager.query<FleetRow[]>(
      `WITH keys AS (
              SELECT m.id AS machine_id, m.name AS machine_name, m.type AS machine_type, t.model_type
                FROM machines m CROSS JOIN unnest($1::text[]) WITH ORDINALITY AS t(model_type, ord)
               ORDER BY m.name, m.id, t.ord
               LIMIT $2 OFFSET $3),
            alerts AS (
              SELECT machine_id, model_type, count(*)::int AS n
                FROM model_alerts
               WHERE NOT is_resolved AND machine_id IN (SELECT machine_id FROM keys)
               GROUP BY 1, 2)
       SELECT k.machine_id, k.machine_name, k.machine_type, k.model_type,
              (SELECT max(e.time) FROM energy_readings e WHERE e.machine_id = k.machine_id) AS energy_last,
              v.id AS version_id, v.version, v.algorithm, v.created_at AS trained_at, v.activated_at,
              v.validation_metrics -> 'guideline14' AS guideline14,
              ev.evaluation_date AS evaluated_at, ev.evaluation_start, ev.evaluation_end,
              ev.model_version AS evaluation_version, ev.source AS evaluation_source,
              ev.r_squared::float8 AS r_squared, ev.cv_rmse::float8 AS cv_rmse, ev.nmbe::float8 AS nmbe,
              ev.mape::float8 AS mape, ev.f1_score::float8 AS f1_score,
              d.evaluation_date AS drift_checked_at, d.drift_detected, d.drift_score::float8 AS drift_score,
              d.metadata ->> 'drift_type' AS drift_type,
              coalesce(a.n, 0) AS open_alerts
         FROM keys k
         LEFT JOIN mps_model_versions v
                ON v.machine_id = k.machine_id AND v.model_type = k.model_type AND v.status = 'active'
         LEFT JOIN LATERAL (
                SELECT * FROM model_performance_metrics p
                 WHERE p.machine_id = k.machine_id AND p.model_type = k.model_type
                 ORDER BY p.evaluation_date DESC, p.created_at DESC LIMIT 1) ev ON TRUE
         LEFT JOIN LATERAL (
                SELECT * FROM model_performance_metrics p
                 WHERE p.machine_id = k.machine_id AND p.model_type = k.model_type
                   AND p.drift_detected IS NOT NULL
                 ORDER BY p.evaluation_date DESC, p.created_at DESC LIMIT 1) d ON TRUE
         LEFT JOIN alerts a ON a.machine_id = k.machine_id AND a.model_type = k.model_type
        ORDER BY k.machine_name, k.machine_id, array_position($1::text[], k.model_type)`,
      [MODEL_TYPES, limit, offset],
    );
  }

  /** Machines times model types. */
  async total(): Promise<number> {
    const [row] = await this.uow.manager.query<{ n: number }[]>(
      'SELECT (count(*) * $1::int)::int AS n FROM machines',
      [MODEL_TYPES.length],
    );
    return row.n;
  }
}
