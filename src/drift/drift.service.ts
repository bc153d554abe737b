/**
 * Gathers what the drift engine needs for one model version and window: the window's scores, the
 * version's reference (its training window's drivers by calendar month and its residuals' mean and
 * deviation: reference-sample.ts) and the thresholds. The reference is scored from the training
 * window once, at the version's first recorded check, and kept: the later ones read one row
 * instead of reading and scoring the training window again.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { monitoringConfig } from '../config/monitoring.config';
import type { EnergyInterval } from '../models/algorithms/energy-interval';
import { ModelVersion } from '../models/entities/model-version.entity';
import { ModelScoringService, WindowScore } from '../models/model-scoring.service';
import {
  driverReference,
  driverSeries,
  expandDriverReference,
  ReferenceSample,
  residualSeries,
  summariseResiduals,
} from './reference-sample';
import { ReferenceSamplesRepository } from './reference-samples.repository';
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
    private readonly samples: ReferenceSamplesRepository,
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

  /**
   * Checks `version` on [start, end); the reference is the version's own training window. `keep`:
   * the check is recorded, so the reference it scored may be kept too (a read-only check changes
   * nothing in the database).
   */
  async check(
    version: ModelVersion,
    start: Date,
    end: Date,
    options: { keep: boolean },
  ): Promise<VersionDriftCheck> {
    const window = await this.scoring.scoreWindow(version, start, end);
    const referenceStart = version.training_data_start ?? start;
    const referenceEnd = version.training_data_end ?? start;
    const reference = await this.reference(version, referenceStart, referenceEnd, options.keep);
    const residuals = residualSeries(window.scored, window.spec.interval);
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
        const training = expandDriverReference(reference.drivers[driver.name]);
        const checked = driverSeries(window.intervals, driver.value);
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
        reference.residuals === null
          ? undefined
          : { reference: reference.residuals, current: residuals.values },
      thresholds: this.thresholds(),
    });
    return { ...result, current: window, reference_window: { start: referenceStart, end: referenceEnd } };
  }

  /** The version's reference sample: the one kept for its training window, else scored from it (and kept when asked). */
  private async reference(
    version: ModelVersion,
    start: Date,
    end: Date,
    keep: boolean,
  ): Promise<ReferenceSample> {
    const ownWindow =
      version.training_data_start !== null && version.training_data_end !== null && end > start;
    const kept = ownWindow ? await this.samples.find(version.id, start, end) : null;
    if (kept) return kept;
    const score = await this.scoring.scoreWindow(version, start, end);
    const drivers: ReferenceSample['drivers'] = {};
    for (const driver of DRIVERS) {
      const series = driverSeries(score.intervals, driver.value);
      if (series.values.length > 0) drivers[driver.name] = driverReference(series);
    }
    const sample: ReferenceSample = {
      drivers,
      residuals:
        version.model_type === 'anomaly'
          ? null
          : summariseResiduals(residualSeries(score.scored, score.spec.interval)),
    };
    if (ownWindow && keep) await this.samples.keep(version.id, start, end, sample);
    return sample;
  }
}
