/**
 * The EnMS's own baseline models (table energy_baselines, trained by its baseline service with
 * scikit-learn's LinearRegression): energy per UTC hour = intercept + sum of coefficient x feature,
 * the features named as the EnMS's hourly feature query names them. Those the meter tables give
 * are computed here from the service's hourly intervals, so such a model can be scored on metered
 * data like the service's own versions; a model that needs another (peak demand, load factor,
 * indoor temperature ...) can only be tracked through the metrics its owner records.
 */
import type { EnergyInterval } from './energy-interval';

export const ENMS_ALGORITHM = 'enms_linear_regression';

export interface EnmsBaselineParams {
  algorithm: typeof ENMS_ALGORITHM;
  coefficients: Record<string, number>;
  intercept: number;
  feature_names: string[];
}

/** The EnMS's base temperature of heating and cooling degree hours, °C. */
const DEGREE_HOUR_BASE_C = 18;

type Feature = (interval: EnergyInterval, start: Date) => number | null;

const temperature = (interval: EnergyInterval) => interval.outdoor_temp_c;
const whenKnown = (value: number | null, f: (t: number) => number) => (value === null ? null : f(value));

/** Each feature by its EnMS name; hour and weekday of the UTC hour, as the EnMS's buckets are UTC. */
const FEATURES: Record<string, Feature> = {
  total_production_count: (interval) => interval.production_count,
  avg_throughput_units_per_hour: (interval) => interval.throughput_units_per_hour,
  avg_outdoor_temp_c: temperature,
  outdoor_temp_squared: (interval) => whenKnown(temperature(interval), (t) => t * t),
  heating_degree_hours: (interval) =>
    whenKnown(temperature(interval), (t) => Math.max(0, DEGREE_HOUR_BASE_C - t)),
  cooling_degree_hours: (interval) =>
    whenKnown(temperature(interval), (t) => Math.max(0, t - DEGREE_HOUR_BASE_C)),
  hour_of_day: (_, start) => start.getUTCHours(),
  day_of_week: (_, start) => start.getUTCDay(),
  is_weekend: (_, start) => (start.getUTCDay() === 0 || start.getUTCDay() === 6 ? 1 : 0),
};

/** Feature names of the model that the meter tables cannot give (empty: scorable). */
export function unscorableEnmsFeatures(params: Pick<EnmsBaselineParams, 'feature_names'>): string[] {
  return params.feature_names.filter((name) => !(name in FEATURES));
}

/**
 * Expected energy of each hourly interval (starting at `starts[i]`), null where a feature value is
 * missing; never negative (the linear model can cross zero where energy cannot).
 * @throws RangeError when the model needs a feature the meter tables do not give.
 */
export function predictEnmsBaseline(
  params: EnmsBaselineParams,
  intervals: readonly EnergyInterval[],
  starts: readonly Date[],
): (number | null)[] {
  const missing = unscorableEnmsFeatures(params);
  if (missing.length > 0) {
    throw new RangeError(
      `the EnMS model needs ${missing.join(', ')}, which the meter tables do not give; record its metrics instead`,
    );
  }
  return intervals.map((interval, index) => {
    let sum = params.intercept;
    for (const name of params.feature_names) {
      const value = FEATURES[name](interval, starts[index]);
      if (value === null) return null;
      sum += (params.coefficients[name] ?? 0) * value;
    }
    return Math.max(0, sum);
  });
}
