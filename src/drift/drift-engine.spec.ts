import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readB40Hourly } from '../models/algorithms/testing/fixtures';
import {
  DEFAULT_DRIFT_THRESHOLDS,
  DriftInput,
  DriftTest,
  driverRole,
  extrapolationShare,
  runDriftTests,
} from './drift-engine';
import { ksTwoSample } from './stats/ks';
import { psi } from './stats/psi';
import { wasserstein } from './stats/wasserstein';

const cusumReference = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'test', 'reference', 'cusum.json'), 'utf8'),
);

const base: DriftInput = {
  interval: 'day',
  validation_metrics: { cv_rmse_pct: 10 },
  current_metrics: { cv_rmse_pct: 11, nmbe_pct: 1, rmse: 100, r_squared: 0.9 },
  error_metric: 'cv_rmse_pct',
  drivers: [],
  thresholds: DEFAULT_DRIFT_THRESHOLDS,
};

describe('drift engine', () => {
  it('reports no drift and a score below 0.5 for a model that still fits', () => {
    const result = runDriftTests(base);
    expect(result).toMatchObject({ drift_detected: false, drift_type: 'no_drift' });
    expect(result.drift_score).toBeLessThan(0.5);
    expect(result.tests.map((test) => test.name)).toEqual([
      'relative_error_change',
      'guideline14_cv_rmse',
      'guideline14_nmbe',
    ]);
  });

  it('finds concept drift in the b40 gas residuals of 2015 with the alarm day of cusum.json', () => {
    // The training residuals enter as their mean and deviation (ddof 1), as cusum.json standardises.
    // 730 daily residuals: 2013 and 2014.
    const reference = {
      basis: 'interval' as const,
      n: 730,
      mean: cusumReference.train_residual_mean,
      sd: cusumReference.train_residual_sd,
    };
    const result = runDriftTests({
      ...base,
      current_metrics: { cv_rmse_pct: 16.6, nmbe_pct: -10.8, rmse: 5091, r_squared: 0.85 },
      residuals: { reference, current: cusumReference.monitor_residuals },
    });
    const cusum = result.tests.find((test) => test.name === 'cusum')!;
    expect(cusum.drift).toBe(true);
    expect(cusum.detail).toMatchObject({
      basis: 'interval',
      reference_n: 730,
      current_n: cusumReference.monitor_residuals.length,
      first_alarm_index_up: cusumReference.first_alarm_index_up,
      first_alarm_index_down: cusumReference.first_alarm_index_down,
    });
    expect(result.drift_type).toBe('concept_drift');
    expect(result.drift_score).toBeGreaterThan(0.5);
  });

  it('calls a shifted production driver data drift: PSI, KS and the extrapolation share against the whole training window', () => {
    const reference = Array.from({ length: 200 }, (_, i) => Math.sin(i) * 5 + 100);
    const current = reference.slice(0, 30).map((value) => value + 8);
    const result = runDriftTests({ ...base, drivers: [{ name: 'production_count', reference, current }] });
    expect(result.drift_type).toBe('data_drift');
    const fired = result.tests.filter((test) => test.kind === 'data' && test.drift);
    expect(fired.map((test) => test.name)).toEqual(['psi', 'ks_two_sample', 'extrapolation_share']);
    const ks = fired[1];
    expect(ks.p_value).toBe(ksTwoSample(reference, current, 'asymptotic').p_value);
    // The normed Wasserstein distance sits beside the p-value as the size of the shift.
    expect(ks.detail).toMatchObject({
      reference: 'training_window',
      effect_size_normed_wasserstein: wasserstein(reference, current).normed_distance,
    });
    expect(result.recommendation).toMatch(/^Inputs moved outside .*extrapolation_share\(production_count\)/);
  });

  it('reports data drift when a production driver leaves its training range, even with the same spread', () => {
    // Trained on 80-120 units per day; the plant now makes 125-160, on the same linear law.
    const reference = Array.from({ length: 120 }, (_, i) => 80 + ((i * 37) % 41));
    const current = Array.from({ length: 30 }, (_, i) => 125 + ((i * 13) % 36));
    const result = runDriftTests({ ...base, drivers: [{ name: 'production_count', reference, current }] });
    const range = result.tests.find((test) => test.name === 'extrapolation_share')!;
    expect(range).toMatchObject({
      kind: 'data',
      statistic: 1,
      threshold: DEFAULT_DRIFT_THRESHOLDS.extrapolation_share,
      p_value: null,
      drift: true,
      detail: { training_min: 80, training_max: 120, below: 0, above: 30, n: 30 },
    });
    expect(result).toMatchObject({ drift_detected: true, drift_type: 'data_drift' });
    expect(result.drift_score).toBeGreaterThan(0.5);
  });

  it('treats a Guideline 14 failure without input drift as concept drift', () => {
    const result = runDriftTests({
      ...base,
      current_metrics: { cv_rmse_pct: 40, nmbe_pct: -12, rmse: 1, r_squared: 0.2 },
    });
    expect(result.drift_type).toBe('concept_drift');
    expect(result.recommendation).toMatch(/^Retrain/);
  });
});

describe('drift engine: seasonal drivers against the same season (b40 outdoor temperature)', () => {
  // Daily mean temperatures at Bedford: 2013-2014 is the training window, 2015 is checked month by month.
  const days = new Map<string, number[]>();
  for (const hour of readB40Hourly()) {
    const day = hour.timestamp_utc.slice(0, 10);
    days.set(day, [...(days.get(day) ?? []), hour.outdoor_temp_c]);
  }
  const daily = [...days].map(([day, temperatures]) => ({
    day,
    month: Number(day.slice(5, 7)),
    temperature: temperatures.reduce((sum, t) => sum + t, 0) / temperatures.length,
  }));
  const training = daily.filter((row) => row.day < '2015');
  const month = (m: number) =>
    daily.filter((row) => row.day.startsWith(`2015-${String(m).padStart(2, '0')}`));
  type Day = { temperature: number; month: number };
  const checkTemperatures = (reference: Day[], current: Day[]) =>
    runDriftTests({
      ...base,
      drivers: [
        {
          name: 'outdoor_temp_c',
          reference: reference.map((row) => row.temperature),
          reference_months: reference.map((row) => row.month),
          current: current.map((row) => row.temperature),
          current_months: current.map((row) => row.month),
        },
      ],
    });
  const results = Array.from({ length: 12 }, (_, i) => checkTemperatures(training, month(i + 1)));
  const test = (m: number, name: string): DriftTest =>
    results[m - 1].tests.find((candidate) => candidate.name === name)!;

  it('classifies weather drivers as seasonal and plant drivers as operating', () => {
    for (const name of ['outdoor_temp_c', 'hdd_15_5', 'cdd_18', 'irradiance_w_m2', 'humidity_percent']) {
      expect(driverRole(name)).toBe('seasonal');
    }
    for (const name of ['production_count', 'throughput_units_per_hour', 'operating_hours', 'load_level']) {
      expect(driverRole(name)).toBe('operating');
    }
  });

  it('reports no data drift in any month of 2015 whose temperatures lie within the training range', () => {
    for (let m = 1; m <= 12; m++) {
      const range = test(m, 'extrapolation_share');
      // July 2015 has one day (24.9 °C) above the training maximum (24.2 °C): 1 of 31, under 5 %.
      expect(range.drift).toBe(false);
      expect(results[m - 1].drift_type).toBe('no_drift');
      expect(results[m - 1].drift_score).toBeLessThan(0.5);
    }
    expect(test(7, 'extrapolation_share').detail).toMatchObject({ above: 1, below: 0, n: 31 });
  });

  it('compares each month with the same months of training, not with the two-year average', () => {
    const trainingTemperatures = training.map((row) => row.temperature);
    for (let m = 1; m <= 12; m++) {
      // Against the whole training window PSI calls every month of 2015 drift (what the old test did).
      expect(
        psi(
          trainingTemperatures,
          month(m).map((row) => row.temperature),
        ).statistic,
      ).toBeGreaterThan(0.2);
      const sameSeason = test(m, 'ks_same_season');
      expect(sameSeason.kind).toBe('season');
      expect(sameSeason.detail).toMatchObject({ reference: 'same_calendar_months', months: [m] });
      expect(sameSeason.detail!.reference_n).toBe(training.filter((row) => row.month === m).length);
    }
    // Against the same months only the months whose weather really was unusual stand out
    // (a mild March, a cool July, September and October, a mild November and December), and none is drift.
    const unusual = results.flatMap((_, i) => (test(i + 1, 'ks_same_season').drift ? [i + 1] : []));
    expect(unusual).toEqual([3, 7, 9, 10, 11, 12]);
    expect(test(1, 'ks_same_season').p_value!).toBeGreaterThan(0.5);
  });

  it('names a mild December as weather unusual for the season, which is not drift by itself', () => {
    // December 2015 was 4.5 °C warmer than the Decembers of 2013-2014, yet inside the training range.
    const december = test(12, 'ks_same_season');
    expect(december.drift).toBe(true);
    expect(december.p_value!).toBeLessThan(1e-4);
    expect(december.detail!.effect_size_normed_wasserstein as number).toBeGreaterThan(1);
    expect(results[11].drift_type).toBe('no_drift');
    expect(results[11].recommendation).toMatch(
      /^No action needed.*Unusual weather for the season \(ks_same_season\(outdoor_temp_c\)\)/,
    );
  });

  it('reports data drift when the weather leaves the training range', () => {
    const hot = month(7).map((row) => ({ ...row, temperature: row.temperature + 6 }));
    const result = checkTemperatures(training, hot);
    expect(result.drift_type).toBe('data_drift');
    expect(result.recommendation).toMatch(/extrapolation_share\(outdoor_temp_c\)/);
    expect(result.recommendation).not.toMatch(/Unusual weather/);
  });

  it('says so when the training window holds none of the checked months', () => {
    const spring = training.filter((row) => row.month >= 3 && row.month <= 5);
    const result = checkTemperatures(spring, month(1));
    const sameSeason = result.tests.find((candidate) => candidate.name === 'ks_same_season')!;
    expect(sameSeason).toMatchObject({ statistic: null, p_value: null, drift: false });
    expect(sameSeason.detail!.reason).toMatch(/holds 0 intervals of these months/);
  });
});

describe('extrapolationShare', () => {
  it('counts values strictly outside [min, max] of the training values', () => {
    expect(extrapolationShare([1, 5, 3], [0, 1, 3, 5, 6, 7])).toEqual({
      share: 0.5,
      below: 1,
      above: 2,
      min: 1,
      max: 5,
    });
    expect(() => extrapolationShare([], [1])).toThrow(RangeError);
  });
});
