/**
 * Scores a model version on a metered window it may not have seen: loads the window's intervals
 * with the version's own spec (interval, energy type), predicts, and computes out-of-sample
 * metrics (Guideline 14 with p = 0). Evaluation, drift checks and A/B tests all score through here.
 */
import { Injectable } from '@nestjs/common';
import { BadInputError } from '../common/domain-error';
import { MachinesService } from '../machines/machines.service';
import { IntervalRow } from '../machines/readings.repository';
import { AnomalyParams, scoreAnomalies } from '../models/algorithms/anomaly';
import { BaselineParams, predictBaseline } from '../models/algorithms/baseline';
import {
  ENMS_ALGORITHM,
  EnmsBaselineParams,
  predictEnmsBaseline,
  unscorableEnmsFeatures,
} from '../models/algorithms/enms-baseline';
import {
  EnergyInterval,
  IntervalLength,
  localStartSeconds,
  toEnergyInterval,
} from '../models/algorithms/energy-interval';
import { errorMetrics, ErrorMetrics } from '../models/algorithms/error-metrics';
import { guideline14Verdict, Guideline14Verdict } from '../models/algorithms/guideline14';
import { forecastProphet, ProphetParams } from '../models/algorithms/prophet';
import { ModelVersion } from './entities/model-version.entity';

export interface VersionSpec {
  interval: IntervalLength;
  energy_type: string;
}

export interface ScoredInterval {
  time: Date;
  start: string;
  actual_kwh: number;
  expected_kwh: number | null;
  anomaly_score?: number | null;
  is_anomaly?: boolean;
}

export interface WindowScore {
  spec: VersionSpec;
  intervals: EnergyInterval[];
  scored: ScoredInterval[];
  /** Out-of-sample errors over the intervals with an expectation (baseline, forecasts). */
  metrics: (ErrorMetrics & { guideline14: Guideline14Verdict }) | null;
  /** Anomaly models: share of flagged intervals. */
  anomaly: { n: number; flagged: number; anomaly_rate_pct: number | null } | null;
}

export function versionSpec(version: ModelVersion): VersionSpec {
  const spec = version.hyperparameters as Partial<VersionSpec>;
  return { interval: spec.interval ?? 'hour', energy_type: spec.energy_type ?? 'electricity' };
}

@Injectable()
export class ModelScoringService {
  constructor(private readonly machines: MachinesService) {}

  async loadWindow(version: ModelVersion, start: Date, end: Date): Promise<IntervalRow[]> {
    const machine = await this.machines.get(version.machine_id);
    const spec = versionSpec(version);
    return this.machines.intervals(machine, {
      interval: spec.interval,
      start,
      end,
      energyType: spec.energy_type,
    });
  }

  async scoreWindow(version: ModelVersion, start: Date, end: Date): Promise<WindowScore> {
    const rows = await this.loadWindow(version, start, end);
    const spec = versionSpec(version);
    const intervals = rows.map(toEnergyInterval);
    const timeOf = new Map(rows.map((row) => [row.start, row.time]));
    if (rows.length === 0) {
      throw new BadInputError(
        'EVALUATION.NO_DATA',
        `no complete ${spec.interval} intervals of ${spec.energy_type} between ${start.toISOString()} and ${end.toISOString()}`,
        [{ field: 'start', message: 'the window holds no metered data for this model' }],
      );
    }
    const expectations = await this.expectations(
      version,
      intervals,
      rows.map((row) => row.time),
    );
    const scored = intervals.map((interval, index) => ({
      time: timeOf.get(interval.start)!,
      start: interval.start,
      actual_kwh: interval.energy_kwh,
      ...expectations[index],
    }));
    const withExpectation = scored.filter(
      (row) => row.expected_kwh !== null && version.model_type !== 'anomaly',
    );
    const metrics =
      withExpectation.length > 0
        ? (() => {
            const errors = errorMetrics(
              withExpectation.map((row) => row.actual_kwh),
              withExpectation.map((row) => row.expected_kwh!),
              0,
            );
            return { ...errors, guideline14: guideline14Verdict(errors, spec.interval) };
          })()
        : null;
    const flaggable = scored.filter((row) => row.anomaly_score !== undefined && row.anomaly_score !== null);
    const flagged = flaggable.filter((row) => row.is_anomaly).length;
    const anomaly =
      version.model_type === 'anomaly'
        ? {
            n: flaggable.length,
            flagged,
            anomaly_rate_pct: flaggable.length > 0 ? (100 * flagged) / flaggable.length : null,
          }
        : null;
    return { spec, intervals, scored, metrics, anomaly };
  }

  /** Expected energy (and anomaly flags) per interval, by the version's model type. */
  private async expectations(
    version: ModelVersion,
    intervals: EnergyInterval[],
    instants: Date[],
  ): Promise<Pick<ScoredInterval, 'expected_kwh' | 'anomaly_score' | 'is_anomaly'>[]> {
    switch (version.model_type) {
      case 'baseline': {
        if (version.parameters.algorithm === ENMS_ALGORITHM) {
          const params = version.parameters as unknown as EnmsBaselineParams;
          const missing = unscorableEnmsFeatures(params);
          if (missing.length > 0) {
            throw new BadInputError(
              'EVALUATION.UNSUPPORTED',
              `EnMS model ${version.id} needs ${missing.join(', ')}, which the meter tables do not give: record its metrics with POST /metrics/record`,
              [{ field: 'model_id', message: `needs ${missing.join(', ')}` }],
            );
          }
          return predictEnmsBaseline(params, intervals, instants).map((expected) => ({
            expected_kwh: expected,
          }));
        }
        const { predictions } = predictBaseline(version.parameters as unknown as BaselineParams, intervals);
        const byStart = new Map(
          predictions.map((prediction) => [prediction.start, prediction.predicted_kwh]),
        );
        return intervals.map((interval) => ({ expected_kwh: byStart.get(interval.start) ?? null }));
      }
      case 'anomaly':
        return scoreAnomalies(version.parameters as unknown as AnomalyParams, intervals).map((score) => ({
          expected_kwh: score.expected_kwh,
          anomaly_score: score.score,
          is_anomaly: score.is_anomaly,
        }));
      case 'forecast_prophet': {
        const forecast = await forecastProphet(
          version.parameters as unknown as ProphetParams,
          intervals.map((row) => localStartSeconds(row.start)),
        );
        return forecast.yhat.map((value) => ({ expected_kwh: value }));
      }
      case 'forecast_arima':
        throw new BadInputError(
          'EVALUATION.UNSUPPORTED',
          'ARIMA versions forecast from the end of their training series only; they are scored on their holdout at training time, not on later windows',
          [{ field: 'model_type', message: 'forecast_arima cannot be scored on an arbitrary window' }],
        );
    }
  }
}
