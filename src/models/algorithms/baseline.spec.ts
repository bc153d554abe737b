import {
  buildDesignMatrix,
  driverAvailability,
  fitBaseline,
  predictBaseline,
  scoreBaseline,
  suggestBaselineFeatures,
  type BaselineSpec,
  type DriverAvailability,
} from './baseline';
import type { EnergyInterval } from './energy-interval';
import { guideline14Verdict } from './guideline14';
import {
  energyInterval as interval,
  loadRegressionCases,
  mismatches,
  readB40Hourly,
  type RegressionCase,
} from './testing/fixtures';

const FIT_FIELDS = [
  'r_squared',
  'adj_r_squared',
  'rmse',
  'mae',
  'mape',
  'cv_rmse_pct',
  'nmbe_pct',
  'coefficient_p_values',
  'intercept_p_value',
  'f_statistic',
  'f_p_value',
];
const TEST_FIELDS = ['r_squared', 'rmse', 'mae', 'mape', 'cv_rmse_pct', 'nmbe_pct'];

/** Daily intervals of b40 as regression.json built them: UTC days, summed kWh, mean temperature. */
function b40Daily(target: RegressionCase['target']): Map<string, EnergyInterval> {
  const days = new Map<string, { energy: number; temperatures: number[] }>();
  for (const hour of readB40Hourly()) {
    const date = hour.timestamp_utc.slice(0, 10);
    const day = days.get(date) ?? { energy: 0, temperatures: [] };
    day.energy += hour[target];
    day.temperatures.push(hour.outdoor_temp_c);
    days.set(date, day);
  }
  return new Map(
    [...days].map(([date, day]) => [
      date,
      interval(date, day.energy, {
        outdoor_temp_c: day.temperatures.reduce((sum, t) => sum + t, 0) / day.temperatures.length,
      }),
    ]),
  );
}

describe('baseline on b40 daily data against statsmodels (regression.json)', () => {
  // The monthly case has monthly degree days (sums of daily ones), which are not derivable from
  // one interval's mean temperature; ols.spec.ts checks it on its design matrix.
  const dailyCases = loadRegressionCases().filter((c) => c.train.dates[0].length === 10);

  describe.each(dailyCases.map((c) => [c.name, c] as const))('%s', (_, referenceCase) => {
    const daily = b40Daily(referenceCase.target);
    const intervalsOf = (dates: string[]): EnergyInterval[] => dates.map((date) => daily.get(date)!);
    const train = intervalsOf(referenceCase.train.dates);
    const test = intervalsOf(referenceCase.test.dates);
    const spec: BaselineSpec = { interval: 'day', features: referenceCase.features };
    const fit = fitBaseline(train, spec);

    it('derives the features and energy of regression.json from the raw hourly CSV', () => {
      const design = buildDesignMatrix(train, spec);
      expect(design.featureNames).toEqual(referenceCase.features);
      expect(design.droppedRows).toBe(0);
      // regression.json rounds X to 6 decimals.
      const rounding = { relative: 0, absolute: 5e-7 };
      design.x.forEach((row, i) => {
        expect(mismatches({ row }, { row: referenceCase.train.X[i] }, ['row'], rounding)).toEqual([]);
      });
      expect(mismatches({ y: design.y }, { y: referenceCase.train.y }, ['y'])).toEqual([]);
    });

    it('fits the coefficients and in-sample statistics', () => {
      expect(fit.params).toMatchObject({ algorithm: 'ols', spec, feature_names: referenceCase.features });
      expect(
        mismatches({ ...fit.params }, referenceCase.expected_fit, ['coefficients', 'intercept']),
      ).toEqual([]);
      expect(mismatches({ ...fit.statistics }, referenceCase.expected_fit, FIT_FIELDS)).toEqual([]);
      expect(fit.statistics.n).toBe(referenceCase.expected_fit.n);
      expect(fit.statistics.fitted_parameters).toBe(referenceCase.expected_fit.p);
      expect(fit.statistics.dropped_rows).toBe(0);
      expect(fit.guideline14.passes).toBe(true);
    });

    it('scores and predicts the test year out of sample', () => {
      const score = scoreBaseline(fit.params, test);
      expect(score.n).toBe(referenceCase.expected_test.n);
      expect(mismatches({ ...score }, referenceCase.expected_test, TEST_FIELDS)).toEqual([]);
      const predicted = predictBaseline(fit.params, test).predictions.map((p) => p.predicted_kwh);
      const first10 = referenceCase.expected_test_predictions_first10 ?? [];
      expect(
        mismatches({ predicted: predicted.slice(0, 10) }, { predicted: first10 }, ['predicted']),
      ).toEqual([]);
    });
  });

  it('flags the 2015 gas drift (NMBE -10.8 %) against Guideline 14', () => {
    const gas = dailyCases.find((c) => c.name === 'b40_daily_gas_hdd')!;
    const daily = b40Daily('gas_kwh');
    const fit = fitBaseline(
      gas.train.dates.map((date) => daily.get(date)!),
      { interval: 'day', features: ['hdd_15_5'] },
    );
    const verdict = guideline14Verdict(
      scoreBaseline(
        fit.params,
        gas.test.dates.map((date) => daily.get(date)!),
      ),
      'day',
    );
    expect(verdict).toMatchObject({ passes: false, nmbe_ok: false, cv_rmse_ok: false });
  });
});

describe('buildDesignMatrix', () => {
  it('derives calendar dummies from the local start: hour 0 and Monday are the reference levels', () => {
    const spec: BaselineSpec = { interval: 'hour', features: ['hour_of_day', 'weekend'] };
    // 2024-03-09 is a Saturday, 2024-03-11 a Monday.
    const design = buildDesignMatrix(
      [interval('2024-03-09T23:00', 5), interval('2024-03-11T00:00', 6), interval('2024-03-11T07:00', 7)],
      spec,
    );
    expect(design.featureNames).toEqual([
      ...Array.from({ length: 23 }, (_, h) => `hour_of_day_${h + 1}`),
      'weekend',
    ]);
    const hot = (row: number[]): string[] => design.featureNames.filter((_, j) => row[j] === 1);
    expect(design.x.map(hot)).toEqual([['hour_of_day_23', 'weekend'], [], ['hour_of_day_7']]);

    const week = buildDesignMatrix([interval('2024-03-10', 1), interval('2024-03-12', 1)], {
      interval: 'day',
      features: ['day_of_week'],
    });
    expect(week.featureNames).toEqual([
      'day_of_week_2',
      'day_of_week_3',
      'day_of_week_4',
      'day_of_week_5',
      'day_of_week_6',
      'day_of_week_7',
    ]);
    expect(week.x).toEqual([
      [0, 0, 0, 0, 0, 1],
      [1, 0, 0, 0, 0, 0],
    ]);
  });

  it('derives degree days with a decimal base and the metered drivers', () => {
    const design = buildDesignMatrix(
      [
        interval('2024-01-01', 100, {
          outdoor_temp_c: 5,
          production_count: 40,
          throughput_units_per_hour: 2,
          operating_hours: 16,
          load_level: 1.5,
        }),
        interval('2024-07-01', 90, {
          outdoor_temp_c: 21.5,
          production_count: 30,
          throughput_units_per_hour: 1,
          operating_hours: 8,
          load_level: 0.5,
        }),
      ],
      {
        interval: 'day',
        features: [
          'hdd_15_5',
          'cdd_18',
          'hdd_12',
          'production_count',
          'throughput',
          'operating_hours',
          'load_level',
        ],
      },
    );
    expect(design.x).toEqual([
      [10.5, 0, 7, 40, 2, 16, 1.5],
      [0, 3.5, 0, 30, 1, 8, 0.5],
    ]);
    expect(design.y).toEqual([100, 90]);
  });

  it('drops and counts intervals missing a driver the spec needs', () => {
    const design = buildDesignMatrix(
      [
        interval('2024-01-01', 1, { outdoor_temp_c: 3 }),
        interval('2024-01-02', 2),
        interval('2024-01-03', Number.NaN, { outdoor_temp_c: 3 }),
        interval('2024-01-04', 4, { outdoor_temp_c: 4, production_count: null }),
      ],
      { interval: 'day', features: ['hdd_15_5'] },
    );
    expect(design.rowIndices).toEqual([0, 3]);
    expect(design.droppedRows).toBe(2);
  });

  it('refuses unknown, repeated or contradictory features and malformed starts', () => {
    const rows = [interval('2024-01-01', 1, { outdoor_temp_c: 3 })];
    const build =
      (spec: BaselineSpec, data = rows) =>
      () =>
        buildDesignMatrix(data, spec);
    expect(build({ interval: 'day', features: ['humidity'] })).toThrow(/unknown feature "humidity"/);
    expect(build({ interval: 'day', features: ['weekend', 'weekend'] })).toThrow(/listed twice/);
    expect(build({ interval: 'day', features: ['weekend', 'day_of_week'] })).toThrow(/cannot be combined/);
    expect(build({ interval: 'day', features: ['hour_of_day'] })).toThrow(/needs hourly intervals/);
    expect(build({ interval: 'hour', features: ['weekend'] })).toThrow(/has no time of day/);
    expect(build({ interval: 'day', features: [] }, [interval('2024-02-30', 1)])).toThrow(
      /not a calendar date/,
    );
    expect(build({ interval: 'day', features: [] }, [interval('01/02/2024', 1)])).toThrow(
      /is not "YYYY-MM-DD"/,
    );
  });
});

describe('fitBaseline', () => {
  const days = Array.from({ length: 28 }, (_, d) => `2024-02-${String(d + 1).padStart(2, '0')}`);

  it('fits the intercept-only model used by A/B tests: the mean, R² = 0, no F test', () => {
    const energies = days.map((_, d) => 100 + (d % 5));
    const fit = fitBaseline(
      days.map((day, d) => interval(day, energies[d])),
      { interval: 'day', features: [] },
    );
    const mean = energies.reduce((sum, e) => sum + e, 0) / energies.length;
    expect(fit.params.coefficients).toEqual([]);
    expect(fit.params.intercept).toBeCloseTo(mean, 10);
    expect(fit.statistics).toMatchObject({
      r_squared: 0,
      adj_r_squared: 0,
      f_statistic: null,
      f_p_value: null,
    });
    expect(fit.statistics.fitted_parameters).toBe(1);
  });

  it('names a feature that is constant over the training window', () => {
    const mild = days.map((day, d) => interval(day, 50 + d, { outdoor_temp_c: 5 + (d % 7) }));
    expect(() => fitBaseline(mild, { interval: 'day', features: ['hdd_15_5', 'cdd_18'] })).toThrow(
      /feature cdd_18 is constant over the 28 usable intervals/,
    );
  });

  it('stores JSON parameters that predict like the fitted model, and checks their columns', () => {
    const rows = days.map((day, d) =>
      interval(day, 200 - 4 * (5 + (d % 9)) + (d % 2), { outdoor_temp_c: 5 + (d % 9) }),
    );
    const fit = fitBaseline(rows, { interval: 'day', features: ['hdd_15_5', 'weekend'] });
    const stored = JSON.parse(JSON.stringify(fit.params)) as typeof fit.params;
    expect(predictBaseline(stored, rows)).toEqual(predictBaseline(fit.params, rows));
    expect(scoreBaseline(stored, rows).rmse).toBeCloseTo(fit.statistics.rmse, 10);
    expect(() => predictBaseline({ ...stored, feature_names: ['hdd_15_5', 'holiday'] }, rows)).toThrow(
      /stored baseline has columns/,
    );
  });
});

describe('driverAvailability and suggestBaselineFeatures', () => {
  const none: DriverAvailability = {
    hdd_15_5: false,
    cdd_18: false,
    production_count: false,
    throughput: false,
    operating_hours: false,
    load_level: false,
  };

  it('finds the drivers that are present, varying and, for degree days, non-zero often enough', () => {
    const rows = Array.from({ length: 100 }, (_, d) =>
      interval(`2024-01-${String((d % 28) + 1).padStart(2, '0')}`, 10, {
        // Always below 18 °C (no cooling), above 15.5 °C on some days.
        outdoor_temp_c: 10 + (d % 8),
        production_count: d % 3,
        throughput_units_per_hour: 7,
        // Missing on 20 % of the days: below the 90 % coverage.
        operating_hours: d % 5 === 0 ? null : 8 + (d % 2),
        load_level: 1 + (d % 2),
      }),
    );
    expect(driverAvailability(rows)).toEqual({
      ...none,
      hdd_15_5: true,
      production_count: true,
      load_level: true,
    });
  });

  it('suggests degree days, one production measure, operating hours, load level and calendar terms', () => {
    const all: DriverAvailability = {
      hdd_15_5: true,
      cdd_18: true,
      production_count: true,
      throughput: true,
      operating_hours: true,
      load_level: true,
    };
    expect(suggestBaselineFeatures(all, 'day')).toEqual({
      interval: 'day',
      features: ['hdd_15_5', 'cdd_18', 'production_count', 'operating_hours', 'load_level', 'weekend'],
    });
    expect(suggestBaselineFeatures({ ...none, hdd_15_5: true, throughput: true }, 'hour')).toEqual({
      interval: 'hour',
      features: ['hdd_15_5', 'throughput', 'hour_of_day', 'weekend'],
    });
    expect(suggestBaselineFeatures(none, 'day').features).toEqual(['weekend']);
  });
});

describe('change-point features and non-negative predictions', () => {
  it('expands <driver>_above_<c> to max(driver - c, 0), "_" for the decimal point', () => {
    const rows = [0.5, 1.25, 2].map((level, i) => interval(`2018-01-0${i + 1}`, 10, { load_level: level }));
    const design = buildDesignMatrix(rows, {
      interval: 'day',
      features: ['load_level', 'load_level_above_1_25'],
    });
    expect(design.x).toEqual([
      [0.5, 0],
      [1.25, 0],
      [2, 0.75],
    ]);
  });

  it('clips a prediction below zero at 0 and keeps the others as the linear model gives them', () => {
    const params = {
      algorithm: 'ols' as const,
      spec: { interval: 'day' as const, features: ['load_level'] },
      feature_names: ['load_level'],
      coefficients: [100],
      intercept: -50,
    };
    const rows = [0, 0.25, 2].map((level, i) => interval(`2018-01-0${i + 1}`, 10, { load_level: level }));
    expect(predictBaseline(params, rows).predictions.map((p) => p.predicted_kwh)).toEqual([0, 0, 150]);
  });

  it('refuses stored parameters of an unknown algorithm', () => {
    const params = { algorithm: 'magic' } as unknown as Parameters<typeof predictBaseline>[0];
    expect(() => predictBaseline(params, [])).toThrow(/unknown baseline algorithm "magic"/);
  });
});
