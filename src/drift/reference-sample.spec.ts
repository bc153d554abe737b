import { mulberry32 } from '../../bench/lib/mulberry32';
import { energyInterval, readB40Hourly } from '../models/algorithms/testing/fixtures';
import { DEFAULT_DRIFT_THRESHOLDS, DriftInput, runDriftTests } from './drift-engine';
import {
  driverReference,
  driverSeries,
  expandDriverReference,
  residualSeries,
  summariseResiduals,
} from './reference-sample';
import { tabularCusum } from './stats/cusum';
import { ksTwoSample } from './stats/ks';
import { mean, standardDeviation } from './stats/descriptive';
import { psi } from './stats/psi';
import { wasserstein } from './stats/wasserstein';

/** The b40 hourly temperatures of a year as intervals labelled in local (here UTC) time. */
function b40Temperatures(year: string) {
  return readB40Hourly()
    .filter((hour) => hour.timestamp_utc.startsWith(year))
    .map((hour) =>
      energyInterval(hour.timestamp_utc.slice(0, 16), hour.electricity_kwh, {
        outdoor_temp_c: hour.outdoor_temp_c,
      }),
    );
}

describe('reference sample', () => {
  const training = driverSeries(b40Temperatures('2014'), (interval) => interval.outdoor_temp_c);
  const kept = expandDriverReference(driverReference(training));

  it('keeps every training value with its month: the same multiset, month by month', () => {
    expect(kept.values).toHaveLength(training.values.length);
    for (let month = 1; month <= 12; month++) {
      const of = (series: typeof kept) =>
        series.values.filter((_, i) => series.months[i] === month).sort((a, b) => a - b);
      expect(of(kept)).toEqual(of(training));
    }
  });

  it('gives the drift tests the statistics of the raw training values (PSI, KS, Wasserstein, same-month KS)', () => {
    const current = driverSeries(b40Temperatures('2015'), (interval) => interval.outdoor_temp_c);
    const january = current.values.filter((_, i) => current.months[i] === 1);
    expect(ksTwoSample(kept.values, january, 'asymptotic')).toEqual(
      ksTwoSample(training.values, january, 'asymptotic'),
    );
    expect(psi(kept.values, january)).toEqual(psi(training.values, january));
    expect(wasserstein(kept.values, january).distance).toBeCloseTo(
      wasserstein(training.values, january).distance,
      12,
    );
    const input = (reference: typeof kept): DriftInput => ({
      interval: 'hour',
      validation_metrics: null,
      current_metrics: { cv_rmse_pct: null, nmbe_pct: null, rmse: null, r_squared: null },
      error_metric: 'rmse',
      drivers: [
        {
          name: 'outdoor_temp_c',
          reference: reference.values,
          reference_months: reference.months,
          current: january,
          current_months: january.map(() => 1),
        },
      ],
      thresholds: DEFAULT_DRIFT_THRESHOLDS,
    });
    const fromKept = runDriftTests(input(kept));
    const fromRaw = runDriftTests(input(training));
    expect(fromKept.tests.map((test) => [test.name, test.statistic, test.p_value, test.drift])).toEqual(
      fromRaw.tests.map((test) => [test.name, test.statistic, test.p_value, test.drift]),
    );
    expect(fromKept.drift_score).toBe(fromRaw.drift_score);
  });

  it('stores a year of hourly temperatures as distinct values per month, in far less than the values themselves', () => {
    const stored = JSON.stringify(driverReference(training));
    expect(stored.length).toBeLessThan(JSON.stringify(training).length / 2);
  });
});

describe('residual series', () => {
  const hour = (day: number, h: number) =>
    `2015-01-${String(day).padStart(2, '0')}T${String(h).padStart(2, '0')}:00`;

  it('takes each interval of a daily model, without the intervals that have no expectation', () => {
    const scored = [
      { start: '2015-01-01', actual_kwh: 10, expected_kwh: 8 },
      { start: '2015-01-02', actual_kwh: 10, expected_kwh: null },
      { start: '2015-01-03', actual_kwh: 7, expected_kwh: 9 },
    ];
    expect(residualSeries(scored, 'day')).toEqual({ basis: 'interval', values: [2, -2] });
  });

  it('averages an hourly model over each local day, leaving out days with fewer than 12 hours', () => {
    const scored = [
      ...Array.from({ length: 24 }, (_, h) => ({ start: hour(1, h), actual_kwh: 10 + h, expected_kwh: 10 })),
      ...Array.from({ length: 11 }, (_, h) => ({ start: hour(2, h), actual_kwh: 100, expected_kwh: 0 })),
      ...Array.from({ length: 12 }, (_, h) => ({ start: hour(3, h), actual_kwh: 9, expected_kwh: 10 })),
    ];
    expect(residualSeries(scored, 'hour')).toEqual({ basis: 'daily_mean', values: [11.5, -1] });
  });

  it('summarises the training residuals by their count, mean and deviation (ddof 1)', () => {
    const values = [1, 4, -2, 3.5, 0];
    expect(summariseResiduals({ basis: 'interval', values })).toEqual({
      basis: 'interval',
      n: 5,
      mean: mean(values),
      sd: standardDeviation(values, 1),
    });
    expect(summariseResiduals({ basis: 'daily_mean', values: [2] })).toEqual({
      basis: 'daily_mean',
      n: 1,
      mean: 2,
      sd: 0,
    });
  });

  /** Hourly residuals of a model without bias whose errors persist from hour to hour (AR(1), phi 0.9). */
  function autocorrelatedHours(days: number, seed: number, bias = 0) {
    const random = mulberry32(seed);
    const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    let error = 0;
    return Array.from({ length: days * 24 }, (_, i) => {
      error = 0.9 * error + normal();
      const day = Math.floor(i / 24) + 1;
      return {
        start: `2015-03-${String(day).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:00`,
        actual_kwh: 50 + error + bias,
        expected_kwh: 50,
      };
    });
  }

  it('keeps the CUSUM of an unbiased hourly model quiet on daily means, where hour by hour it alarms', () => {
    const reference = autocorrelatedHours(28, 7);
    const week = autocorrelatedHours(7, 8);
    const alarms = (interval: 'hour' | 'day', basis: 'interval' | 'daily_mean') => {
      const series =
        basis === 'daily_mean'
          ? residualSeries(reference, interval)
          : { basis, values: reference.map((row) => row.actual_kwh - row.expected_kwh) };
      const current =
        basis === 'daily_mean'
          ? residualSeries(week, interval).values
          : week.map((row) => row.actual_kwh - row.expected_kwh);
      const summary = summariseResiduals(series);
      const cusum = tabularCusum(current, { mean: summary.mean, sd: summary.sd });
      return cusum.first_alarm_index_up !== null || cusum.first_alarm_index_down !== null;
    };
    expect(alarms('hour', 'interval')).toBe(true);
    expect(alarms('hour', 'daily_mean')).toBe(false);
  });

  it('still finds a bias of two daily standard deviations within the week on daily means (about 4 days on average at k = 0.5, h = 5)', () => {
    const reference = summariseResiduals(residualSeries(autocorrelatedHours(28, 7), 'hour'));
    const biased = residualSeries(autocorrelatedHours(7, 8, 2 * reference.sd), 'hour');
    const cusum = tabularCusum(biased.values, { mean: reference.mean, sd: reference.sd });
    expect(cusum.first_alarm_index_up).not.toBeNull();
  });
});
