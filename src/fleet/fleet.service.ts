/** The fleet overview: the repository's rows shaped for callers, with each model type's headline metric. */
import { Injectable } from '@nestjs/common';
import type { Page } from '../common/pagination';
import type { ModelType } from '../models/model-type';
import { FleetRepository, FleetRow } from './fleet.repository';

/** The error figure a model type is judged by: CV(RMSE) for baselines (Guideline 14), MAPE for forecasts, F1 for anomalies. */
const HEADLINE: Record<ModelType, 'cv_rmse' | 'mape' | 'f1_score'> = {
  baseline: 'cv_rmse',
  anomaly: 'f1_score',
  forecast_arima: 'mape',
  forecast_prophet: 'mape',
};

export type FleetEntry = ReturnType<typeof toEntry>;

@Injectable()
export class FleetService {
  constructor(private readonly fleet: FleetRepository) {}

  async list(limit: number, offset: number): Promise<Page<FleetEntry>> {
    const [rows, total] = await Promise.all([this.fleet.page(limit, offset), this.fleet.total()]);
    return { items: rows.map(toEntry), total, limit, offset };
  }
}

function toEntry(row: FleetRow) {
  const headline = HEADLINE[row.model_type];
  return {
    machine: { id: row.machine_id, name: row.machine_name, type: row.machine_type },
    model_type: row.model_type,
    data_last: row.energy_last,
    active_version:
      row.version_id === null
        ? null
        : {
            id: row.version_id,
            version: row.version,
            algorithm: row.algorithm,
            trained_at: row.trained_at,
            activated_at: row.activated_at,
          },
    guideline14: row.version_id === null ? null : row.guideline14,
    last_evaluation:
      row.evaluated_at === null
        ? null
        : {
            evaluated_at: row.evaluated_at,
            window: { start: row.evaluation_start, end: row.evaluation_end },
            model_version: row.evaluation_version,
            source: row.evaluation_source,
            r_squared: row.r_squared,
            cv_rmse_pct: row.cv_rmse,
            nmbe_pct: row.nmbe,
            mape_pct: row.mape,
            f1_score: row.f1_score,
            headline: { metric: headline, value: row[headline] },
          },
    drift:
      row.drift_checked_at === null
        ? null
        : {
            checked_at: row.drift_checked_at,
            drift_detected: row.drift_detected,
            drift_score: row.drift_score,
            drift_type: row.drift_type,
          },
    open_alerts: row.open_alerts,
  };
}
