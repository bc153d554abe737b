import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { steelRows } from '../../demo/demo-data';
import { buildDesignMatrix, predictBaseline, type OlsBaselineParams } from './baseline';
import {
  baselineCandidates,
  chooseBaseline,
  dailyTotals,
  fitBaselineCandidate,
  weeklyHoldout,
  type BaselineCandidate,
  type BaselineSeries,
} from './baseline-selection';
import type { EnergyInterval } from './energy-interval';
import { errorMetrics } from './error-metrics';
import { predictLinear } from './ols';
import { energyInterval, readB40Hourly } from './testing/fixtures';

/** b40 hours of [from, to) and their UTC days (sum of use, mean temperature), as the service aggregates them. */
function b40Series(meter: 'gas_kwh' | 'electricity_kwh', from: string, to: string): Required<BaselineSeries> {
  const hour: EnergyInterval[] = [];
  const days = new Map<string, { use: number; temperatures: number[] }>();
  for (const row of readB40Hourly()) {
    const start = `${row.timestamp_utc.slice(0, 10)}T${row.timestamp_utc.slice(11, 16)}`;
    if (start < from || start >= to) continue;
    hour.push(energyInterval(start, row[meter], { outdoor_temp_c: row.outdoor_temp_c }));
    const day = days.get(start.slice(0, 10)) ?? { use: 0, temperatures: [] };
    day.use += row[meter];
    day.temperatures.push(row.outdoor_temp_c);
    days.set(start.slice(0, 10), day);
  }
  const day = [...days].map(([date, d]) =>
    energyInterval(date, d.use, {
      outdoor_temp_c: d.temperatures.reduce((a, b) => a + b, 0) / d.temperatures.length,
    }),
  );
  return { hour, day };
}

/** The steel plant's hours in plant time (UTC+9): summed kWh, mean load level (0/1/2). */
function steelHours(): EnergyInterval[] {
  const [header, ...lines] = gunzipSync(
    readFileSync(join(__dirname, '..', '..', '..', 'data', 'Steel_industry_data.csv.gz')),
  )
    .toString('utf8')
    .trim()
    .split('\n');
  const columns = header.split(',');
  const rows = steelRows(
    lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i], v]))),
  );
  const hours = new Map<string, { use: number; load: number; n: number }>();
  rows.energy.forEach((reading, i) => {
    const local = new Date(Date.parse(String(reading.time)) + 9 * 3_600_000).toISOString();
    const key = `${local.slice(0, 13)}:00`;
    const hour = hours.get(key) ?? { use: 0, load: 0, n: 0 };
    hour.use += Number(reading.energy_kwh);
    hour.load += Number(rows.production[i].load_level);
    hour.n++;
    hours.set(key, hour);
  });
  return [...hours].map(([start, h]) => energyInterval(start, h.use, { load_level: h.load / h.n }));
}

/** Out-of-sample errors of a candidate's daily totals on the reporting series. */
function dailyScore(
  candidate: BaselineCandidate,
  train: BaselineSeries,
  test: Required<BaselineSeries>,
  energyType: string,
) {
  const fitted = fitBaselineCandidate(candidate, train[candidate.interval]!, { energy_type: energyType });
  const { predictions } = predictBaseline(fitted.params, test[candidate.interval]);
  const totals = [...dailyTotals(predictions, candidate.interval, test.day, test.hour).values()];
  return errorMetrics(
    totals.map((t) => t.actual),
    totals.map((t) => t.predicted),
    0,
  );
}

describe('default baseline on b40: trained on 2014, scored on 2015 against CalTRACK daily and hourly', () => {
  it.each([
    ['electricity_kwh', 'electricity'],
    ['gas_kwh', 'natural_gas'],
  ] as const)(
    '%s: the chosen model is within 2 % of the better CalTRACK CV(RMSE) and 1 point of its |NMBE|',
    (meter, energyType) => {
      const train = b40Series(meter, '2014-01-01', '2015-01-01');
      const test = b40Series(meter, '2015-01-01', '2016-01-01');
      const choice = chooseBaseline(train, { energy_type: energyType });
      expect(choice.compared_on).toBe('daily_totals');
      expect(choice.scores.map((s) => `${s.algorithm}/${s.interval}`)).toEqual([
        'ols/hour',
        'caltrack_hourly/hour',
        'ols/day',
        'caltrack_daily/day',
      ]);
      expect(choice.scores.every((s) => s.cv_rmse_pct !== null && s.n >= 60)).toBe(true);

      const chosen = dailyScore(choice.chosen, train, test, energyType);
      const caltrack = [
        dailyScore({ algorithm: 'caltrack_daily', interval: 'day' }, train, test, energyType),
        dailyScore({ algorithm: 'caltrack_hourly', interval: 'hour' }, train, test, energyType),
      ];
      const better = caltrack.reduce((a, b) => (b.cv_rmse_pct! < a.cv_rmse_pct! ? b : a));
      expect(chosen.n).toBe(365);
      expect(chosen.cv_rmse_pct!).toBeLessThanOrEqual(1.02 * better.cv_rmse_pct!);
      expect(Math.abs(chosen.nmbe_pct!)).toBeLessThanOrEqual(Math.abs(better.nmbe_pct!) + 1);
    },
  );

  it('holds out every fifth week of the training data, across all seasons', () => {
    const { fit, holdout } = weeklyHoldout(b40Series('gas_kwh', '2014-01-01', '2015-01-01'));
    expect(holdout.day).toHaveLength(70);
    expect(fit.day).toHaveLength(295);
    expect(holdout.hour).toHaveLength(70 * 24);
    expect(new Set(holdout.day!.map((d) => d.start.slice(5, 7))).size).toBe(12);
    expect(holdout.day![0].start).toBe('2014-01-29');
  });

  it('holds out the newest fifth of the days of a series shorter than five weeks', () => {
    const { fit, holdout } = weeklyHoldout(b40Series('gas_kwh', '2014-03-01', '2014-03-21'));
    expect(holdout.day!.map((d) => d.start)).toEqual([
      '2014-03-17',
      '2014-03-18',
      '2014-03-19',
      '2014-03-20',
    ]);
    expect(fit.day).toHaveLength(16);
  });

  it('offers CalTRACK only where the data has a temperature', () => {
    const noTemperature = [energyInterval('2014-01-01', 1), energyInterval('2014-01-02', 2)];
    expect(baselineCandidates({ day: noTemperature })).toEqual([{ algorithm: 'ols', interval: 'day' }]);
  });
});

describe('production-driven baseline: the steel plant (no temperature, load level)', () => {
  const hours = steelHours();
  const train = hours.slice(0, Math.round(hours.length * 0.8));

  it('keeps its drivers, gains a change point in load level, and is never negative where plain OLS was', () => {
    const fitted = fitBaselineCandidate({ algorithm: 'ols', interval: 'hour' }, train, {
      energy_type: 'electricity',
    });
    const params = fitted.params as OlsBaselineParams;
    expect(params.spec.features).toEqual(expect.arrayContaining(['load_level', 'hour_of_day', 'weekend']));
    const changePoints = fitted.statistics.change_points as { feature: string; p_value: number }[];
    expect(changePoints.map((c) => c.feature)).toEqual(['load_level_above_1']);
    expect(changePoints[0].p_value).toBeLessThan(0.01);

    // The least-squares surface itself dips below zero on idle hours; the predictions do not.
    const design = buildDesignMatrix(hours, params.spec);
    const raw = predictLinear(params.intercept, params.coefficients, design.x);
    expect(raw.filter((v) => v < 0).length).toBeGreaterThan(100);
    const { predictions } = predictBaseline(params, hours);
    expect(predictions).toHaveLength(hours.length);
    expect(Math.min(...predictions.map((p) => p.predicted_kwh))).toBe(0);
  });

  it('the change point lowers the holdout CV(RMSE) of the newest 20 % of the year', () => {
    const holdout = hours.slice(train.length);
    const score = (params: OlsBaselineParams) => {
      const { predictions } = predictBaseline(params, holdout);
      return errorMetrics(
        predictions.map((p) => p.energy_kwh),
        predictions.map((p) => p.predicted_kwh),
      ).cv_rmse_pct!;
    };
    const withChangePoint = fitBaselineCandidate({ algorithm: 'ols', interval: 'hour' }, train, {
      energy_type: 'electricity',
    });
    const plain = fitBaselineCandidate({ algorithm: 'ols', interval: 'hour' }, train, {
      energy_type: 'electricity',
      features: ['load_level', 'hour_of_day', 'weekend'],
    });
    expect(score(withChangePoint.params as OlsBaselineParams)).toBeLessThan(
      score(plain.params as OlsBaselineParams),
    );
  });
});
