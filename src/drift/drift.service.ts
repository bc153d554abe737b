/**
 * Gathers what the drift engine needs for one model version and window: the window's scores,
 * the training window's scores (reference drivers, their calendar months, and residuals) and the
 * thresholds.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { monitoringConfig } from '../config/monitoring.config';
import type { EnergyInterval } from '../models/algorithms/energy-interval';
import { ModelVersion } from '../models/entities/model-version.entity';
import { ModelScoringService, WindowScore } from '../models/model-scoring.service';
import {
  DEFAULT_DRIFT_THRESHOLDS,
  DriftResult,
  DriftThresholds,
  DriverRole,
  DriverSample,
  runDriftTests,
} from './drift-engine';

/** The drivers the meter tables give per interval; humidity and irradiance would join as seasonal. */
const DRIVERS: { name: string; role: DriverRole; value: (interval: EnergyInterval) => number | null }[] = [
  { name: 'outdoor_temp_c', role: 'seasonal', value: (interval) => interval.outdoor_temp_c },
  { name: 'production_count', role: 'operating', value: (interval) => interval.production_count },
  {
    name: 'throughput_units_per_hour',
    role: 'operating',
    value: (interval) => interval.throughput_units_per_hour,
  },
  { name: 'operating_hours', role: 'operating', value: (interval) => interval.operating_hours },
  { name: 'load_level', role: 'operating', value: (interval) => interval.load_level },
];

export interface VersionDriftCheck extends DriftResult {
  current: WindowScore;
  reference_window: { start: Date; end: Date };
}

@Injectable()
export class DriftService {
  constructor(
    private readonly scoring: ModelScoringService,
    @Inject(monitoringConfig.KEY) private readonly config: ConfigType<typeof monitoringConfig>,
  ) {}

  thresholds(): DriftThresholds {
    return {
      performance_relative_change: this.config.performanceRelativeChange,
      psi: this.config.psiThreshold,
      ks_p_value: this.config.ksPValue,
      cusum_k: this.config.cusumK,
      cusum_h: this.config.cusumH,
      extrapolation_share: DEFAULT_DRIFT_THRESHOLDS.extrapolation_share,
    };
  }

  /** Checks `version` on [start, end); the reference is the version's own training window. */
  async check(
    version: ModelVersion,
    start: Date,
    end: Date,
    current?: WindowScore,
  ): Promise<VersionDriftCheck> {
    const window = current ?? (await this.scoring.scoreWindow(version, start, end));
    const referenceStart = version.training_data_start ?? start;
    const referenceEnd = version.training_data_end ?? start;
    const reference = await this.scoring.scoreWindow(version, referenceStart, referenceEnd);
    const residuals = (score: WindowScore) =>
      score.scored
        .filter((row) => row.expected_kwh !== null)
        .map((row) => row.actual_kwh - row.expected_kwh!);
    const result = runDriftTests({
      interval: window.spec.interval,
      validation_metrics: version.validation_metrics,
      current_metrics: {
        cv_rmse_pct: window.metrics?.cv_rmse_pct ?? null,
        nmbe_pct: window.metrics?.nmbe_pct ?? null,
        rmse: window.metrics?.rmse ?? null,
        r_squared: window.metrics?.r_squared ?? null,
      },
      error_metric: version.model_type === 'baseline' ? 'cv_rmse_pct' : 'rmse',
      drivers: DRIVERS.map((driver): DriverSample => {
        const training = sample(reference.intervals, driver.value);
        const checked = sample(window.intervals, driver.value);
        return {
          name: driver.name,
          role: driver.role,
          reference: training.values,
          reference_months: training.months,
          current: checked.values,
          current_months: checked.months,
        };
      }),
      residuals:
        version.model_type === 'anomaly'
          ? undefined
          : { reference: residuals(reference), current: residuals(window) },
      thresholds: this.thresholds(),
    });
    return { ...result, current: window, reference_window: { start: referenceStart, end: referenceEnd } };
  }
}

/** A driver's finite values and the calendar month of each (from the local start "YYYY-MM-..."). */
function sample(intervals: EnergyInterval[], value: (interval: EnergyInterval) => number | null) {
  const values: number[] = [];
  const months: number[] = [];
  for (const interval of intervals) {
    const x = value(interval);
    if (x === null || !Number.isFinite(x)) continue;
    values.push(x);
    months.push(Number(interval.start.slice(5, 7)));
  }
  return { values, months };
}
