/**
 * Scores a model version on a metered window it may not have seen: loads the window's intervals
 * with the version's own spec (interval, energy type), predicts, and computes out-of-sample
 * metrics (Guideline 14 with p = 0). Evaluation, drift checks and A/B tests all score through here.
 *
 * Forecasts are scored as they are used: from forecast origins inside the window (by default each
 * local midnight, the day-ahead forecast; a pinned `horizon` sets the spacing and length), each
 * from the version's stored state plus every reading before the origin. ARIMA versions filter the
 * readings after their training series through their stored coefficients (no refit); Prophet's
 * forecast does not depend on later readings (its state is the fitted trend and seasonality).
 * Beside the model's figures come the seasonal-naive benchmarks from the same origins.
 */
import { Injectable } from '@nestjs/common';
import { BadInputError } from '../common/domain-error';
import { MachinesService } from '../machines/machines.service';
import type { IntervalRow } from '../machines/readings.repository';
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
import { ArimaParams, calendarPosition, forecastArimaAt } from '../models/algorithms/arima';
import { rollingComparison, RollingComparison } from '../models/algorithms/forecast-metrics';
import { forecastProphet, ProphetParams } from '../models/algorithms/prophet';
import { benchmarkSeasons } from '../models/algorithms/seasonal-naive';
import { ModelVersion } from './entities/model-version.entity';
import { ErrorCode } from '../common/error-codes';

export interface VersionSpec {
  interval: IntervalLength;
  energy_type: string;
  /** Pinned forecast horizon in intervals (the spacing of the scoring origins), when the job had one. */
  horizon?: number;
}

/** How a forecast is scored on a window. */
export interface ScoreOptions {
  /**
   * Intervals per forecast origin: origins at every position divisible by it (local midnights for
   * 24 hourly intervals) and at the window start. Default the version's pinned horizon, else
   * day-ahead (24 hourly or 1 daily interval). 'window': one origin at the window start covering the
   * whole window, the forecast a training holdout is scored with.
   */
  horizon?: number | 'window';
  /**
   * Compute the forecast's prediction interval (Prophet: its Monte-Carlo draws, at Prophet's
   * default count; versions are trained without draws so that scores are reproducible). Costly:
   * only for callers that show the interval.
   */
  intervals?: boolean;
}

/** Prophet's own default number of uncertainty draws. */
const PROPHET_DEFAULT_UNCERTAINTY_SAMPLES = 1000;

/** Rolling-origin facts of a forecast's score. */
export interface ForecastScore {
  horizon: number | 'window';
  origins: number;
  /** The model and the seasonal-naive benchmarks on the intervals they can all forecast. */
  comparison: RollingComparison | null;
}

export interface ScoredInterval {
  time: Date;
  start: string;
  actual_kwh: number;
  expected_kwh: number | null;
  anomaly_score?: number | null;
  is_anomaly?: boolean;
  /** The forecast's prediction interval at WindowScore.interval_level (Prophet with uncertainty samples). */
  lower_kwh?: number;
  upper_kwh?: number;
}

export interface WindowScore {
  spec: VersionSpec;
  intervals: EnergyInterval[];
  scored: ScoredInterval[];
  /** Out-of-sample errors over the intervals with an expectation (baseline, forecasts); forecasts add their benchmarks. */
  metrics: (ErrorMetrics & { guideline14: Guideline14Verdict; forecast?: ForecastScore }) | null;
  /** Anomaly models: share of flagged intervals. */
  anomaly: { n: number; flagged: number; anomaly_rate_pct: number | null } | null;
  /** Forecast models: origins and the benchmarks; null for baseline and anomaly models. */
  forecast: ForecastScore | null;
  /** Coverage of the scored intervals' lower_kwh..upper_kwh (e.g. 0.8); null when the model gives none. */
  interval_level: number | null;
}

export function versionSpec(version: ModelVersion): VersionSpec {
  const spec = version.hyperparameters as Partial<VersionSpec>;
  return {
    interval: spec.interval ?? 'hour',
    energy_type: spec.energy_type ?? 'electricity',
    ...(typeof spec.horizon === 'number' ? { horizon: spec.horizon } : {}),
  };
}

const isForecast = (version: ModelVersion) =>
  version.model_type === 'forecast_arima' || version.model_type === 'forecast_prophet';

/** Readings before a window that seasonal-naive benchmarks and the ARIMA filter start from: a week and a day. */
const WARM_UP_MS = 8 * 86_400_000;

/** Forecasts per interval, with the prediction interval at `level` where the model gives one. */
interface Forecasts {
  expected: (number | null)[];
  bounds: { lower: number[]; upper: number[]; level: number } | null;
}

interface ForecastExpectations extends Forecasts {
  forecast: ForecastScore;
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

  async scoreWindow(
    version: ModelVersion,
    start: Date,
    end: Date,
    options: ScoreOptions = {},
  ): Promise<WindowScore> {
    const rows = await this.loadWindow(version, start, end);
    const spec = versionSpec(version);
    const intervals = rows.map(toEnergyInterval);
    const timeOf = new Map(rows.map((row) => [row.start, row.time]));
    if (rows.length === 0) {
      throw new BadInputError(
        ErrorCode.EVALUATION_NO_DATA,
        `no complete ${spec.interval} intervals of ${spec.energy_type} between ${start.toISOString()} and ${end.toISOString()}`,
        [{ field: 'start', message: 'the window holds no metered data for this model' }],
      );
    }
    const forecast = isForecast(version)
      ? await this.forecastExpectations(version, start, intervals, options)
      : null;
    const expectations: Pick<ScoredInterval, 'expected_kwh' | 'anomaly_score' | 'is_anomaly'>[] = forecast
      ? forecast.expected.map((expected_kwh) => ({ expected_kwh }))
      : this.expectations(
          version,
          intervals,
          rows.map((row) => row.time),
        );
    const bounds = forecast?.bounds ?? null;
    const scored = intervals.map((interval, index) => ({
      time: timeOf.get(interval.start)!,
      start: interval.start,
      actual_kwh: interval.energy_kwh,
      ...expectations[index],
      ...(bounds ? { lower_kwh: bounds.lower[index], upper_kwh: bounds.upper[index] } : {}),
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
            return {
              ...errors,
              guideline14: guideline14Verdict(errors, spec.interval),
              ...(forecast ? { forecast: forecast.forecast } : {}),
            };
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
    return {
      spec,
      intervals,
      scored,
      metrics,
      anomaly,
      forecast: forecast?.forecast ?? null,
      interval_level: bounds?.level ?? null,
    };
  }

  /**
   * Forecasts of every window interval from its origin (see ScoreOptions), with the readings of the
   * week before the window (benchmarks, ARIMA state) and of the window itself before each origin.
   */
  private async forecastExpectations(
    version: ModelVersion,
    start: Date,
    intervals: EnergyInterval[],
    options: ScoreOptions,
  ): Promise<ForecastExpectations> {
    const spec = versionSpec(version);
    const step = spec.interval === 'day' ? 86_400 : 3_600;
    const earlier = await this.loadWindow(version, new Date(start.getTime() - WARM_UP_MS), start);
    const positionOf = (row: { start: string }) => calendarPosition(localStartSeconds(row.start), step);
    const readings = new Map<number, number>();
    for (const row of [...earlier, ...intervals]) readings.set(positionOf(row), row.energy_kwh);
    const positions = intervals.map(positionOf);
    const first = positions[0];
    const horizon = options.horizon ?? spec.horizon ?? (spec.interval === 'day' ? 1 : 24);
    const originOf = (position: number) =>
      horizon === 'window' ? first : Math.max(first, position - (((position % horizon) + horizon) % horizon));
    const origins = [...new Set(positions.map(originOf))];
    const { expected, bounds } = await this.forecastsAt(
      version,
      intervals,
      positions,
      readings,
      origins,
      originOf,
      options.intervals ?? false,
    );
    const targets = positions.flatMap((position, i) =>
      expected[i] === null
        ? []
        : [{ position, origin: originOf(position), actual: intervals[i].energy_kwh, forecast: expected[i] }],
    );
    return {
      expected,
      bounds,
      forecast: {
        horizon,
        origins: origins.length,
        comparison: rollingComparison(readings, targets, benchmarkSeasons(step)),
      },
    };
  }

  private async forecastsAt(
    version: ModelVersion,
    intervals: EnergyInterval[],
    positions: number[],
    readings: ReadonlyMap<number, number>,
    origins: number[],
    originOf: (position: number) => number,
    withIntervals: boolean,
  ): Promise<Forecasts> {
    if (version.model_type === 'forecast_prophet') {
      const params = version.parameters as unknown as ProphetParams;
      const forecast = await forecastProphet(
        params,
        intervals.map((row) => localStartSeconds(row.start)),
        withIntervals ? PROPHET_DEFAULT_UNCERTAINTY_SAMPLES : params.settings.uncertainty_samples,
      );
      const { lower, upper } = forecast;
      return {
        expected: forecast.yhat,
        bounds: lower && upper ? { lower, upper, level: params.settings.interval_width } : null,
      };
    }
    const params = version.parameters as unknown as ArimaParams;
    if (!params.calendar || !params.regression) {
      throw new BadInputError(
        ErrorCode.EVALUATION_UNSUPPORTED,
        'this ARIMA version was trained before versions stored their calendar and regression; retrain it to score it on later windows',
        [{ field: 'model_id', message: 'retrain this forecast_arima version' }],
      );
    }
    const span = Math.max(...positions.map((position) => position - originOf(position))) + 1;
    const paths = forecastArimaAt(params, readings, origins, span);
    const pathOf = new Map(origins.map((origin, i) => [origin, paths[i]]));
    // The ARIMA paths are point forecasts: no prediction interval.
    const expected = positions.map((position) => {
      const value = pathOf.get(originOf(position))![position - originOf(position)];
      return Number.isFinite(value) ? value : null;
    });
    return { expected, bounds: null };
  }

  /** Expected energy (and anomaly flags) per interval of a baseline or anomaly model. */
  private expectations(
    version: ModelVersion,
    intervals: EnergyInterval[],
    instants: Date[],
  ): Pick<ScoredInterval, 'expected_kwh' | 'anomaly_score' | 'is_anomaly'>[] {
    if (version.parameters.algorithm === ENMS_ALGORITHM) {
      const params = version.parameters as unknown as EnmsBaselineParams;
      const missing = unscorableEnmsFeatures(params);
      if (missing.length > 0) {
        throw new BadInputError(
          ErrorCode.EVALUATION_UNSUPPORTED,
          `EnMS model ${version.id} needs ${missing.join(', ')}, which the meter tables do not give: record its metrics with POST /metrics/record`,
          [{ field: 'model_id', message: `needs ${missing.join(', ')}` }],
        );
      }
      return predictEnmsBaseline(params, intervals, instants).map((expected) => ({ expected_kwh: expected }));
    }
    if (version.model_type === 'anomaly') {
      return scoreAnomalies(version.parameters as unknown as AnomalyParams, intervals).map((score) => ({
        expected_kwh: score.expected_kwh,
        anomaly_score: score.score,
        is_anomaly: score.is_anomaly,
      }));
    }
    const { predictions } = predictBaseline(version.parameters as unknown as BaselineParams, intervals);
    const byStart = new Map(predictions.map((prediction) => [prediction.start, prediction.predicted_kwh]));
    return intervals.map((interval) => ({ expected_kwh: byStart.get(interval.start) ?? null }));
  }
}
