import {
  CALTRACK_DAILY_DEFAULTS,
  countByStatus,
  degreeDayTotals,
  fitCaltrackDaily,
  predictCaltrackDaily,
  type CaltrackDailyFit,
  type CaltrackDay,
  type DailyCandidate,
} from './daily';
import { caltrackSufficiency } from './sufficiency';
import { b40Days, expectClose, loadCaltrackReference } from './testing/caltrack-reference';

const reference = loadCaltrackReference();
/** caltrack.json about.tolerance: 1e-6 relative for values, 1e-4 for p-values, exact for statuses. */
const VALUE = 1e-6;
const P_VALUE = 1e-4;

const CASES = [
  { name: 'daily_gas', meter: 'gas_kwh', fitCdd: false },
  { name: 'daily_electricity', meter: 'electricity_kwh', fitCdd: true },
] as const;

describe.each(CASES)('CalTRACK daily on b40 %s against eemeter 2.10.11 (caltrack.json)', (c) => {
  const expected = reference.cases[c.name];
  const baseline = b40Days(c.meter, '2014-01-01', '2015-01-01');
  const reporting = b40Days(c.meter, '2015-01-01', '2016-01-01');
  let fit: CaltrackDailyFit;

  beforeAll(() => {
    fit = fitCaltrackDaily(baseline, { ...CALTRACK_DAILY_DEFAULTS, fit_cdd: c.fitCdd });
  });

  it('builds the design matrix: daily mean temperatures, use and degree days at every balance point', () => {
    const matrix = expected.design_matrix;
    expect(baseline).toHaveLength(matrix.summary.n_days_used);
    matrix.first_rows.forEach((row: Record<string, number | string>, i: number) => {
      const day = baseline[i];
      expect(`${day.day}T00:00:00+00:00`).toBe(row.period_start);
      expectClose(`meter_value[${i}]`, day.energy_kwh, row.meter_value as number, VALUE);
      expectClose(`temperature_mean[${i}]`, day.temperature_f, row.temperature_mean as number, VALUE);
      expect(day.temperature.hours_with_temperature).toBe(row.temperature_not_null);
      expect(day.temperature.hours_without_temperature).toBe(row.temperature_null);
    });
    const sum = (values: number[]) => values.reduce((total, v) => total + v, 0);
    expectClose(
      'meter_value_sum',
      sum(baseline.map((d) => d.energy_kwh)),
      matrix.summary.meter_value_sum,
      VALUE,
    );
    expectClose(
      'temperature_mean_f_sum',
      sum(baseline.map((d) => d.temperature_f)),
      matrix.summary.temperature_mean_f_sum,
      VALUE,
    );

    const totals = degreeDayTotals(baseline.map((d) => d.temperature_f));
    const grid = matrix.degree_days_by_balance_point;
    expect(totals.balance_points_f).toEqual(grid.balance_points_f);
    expect(totals.hdd_n_nonzero).toEqual(grid.hdd_n_nonzero);
    expect(totals.cdd_n_nonzero).toEqual(grid.cdd_n_nonzero);
    grid.hdd_sum.forEach((value: number, i: number) =>
      expectClose(`hdd_sum[${i}]`, totals.hdd_sum[i], value, VALUE),
    );
    grid.cdd_sum.forEach((value: number, i: number) =>
      expectClose(`cdd_sum[${i}]`, totals.cdd_sum[i], value, VALUE),
    );
  });

  it('passes the CalTRACK 2.2 data sufficiency check with 365 valid days', () => {
    const sufficiency = caltrackSufficiency(
      baseline.map((d) => ({
        day: d.day,
        energy_kwh: d.energy_kwh,
        temperature_coverage: d.temperature.coverage,
      })),
      { start: '2014-01-01', end: '2015-01-01' },
    );
    expect(sufficiency).toMatchObject({
      status: expected.data_sufficiency.status,
      warnings: expected.data_sufficiency.warnings,
      n_valid_days: expected.data_sufficiency.n_valid_days,
      n_days_total: expected.data_sufficiency.n_days_total,
    });
  });

  it('attempts, qualifies and disqualifies every candidate as eemeter does (statuses and reasons exact)', () => {
    const counts = expected.candidate_counts;
    expect(fit.candidates).toHaveLength(counts.total);
    expect(countByStatus(fit.candidates)).toEqual(counts.by_status);
    const byType: Record<string, Record<string, number>> = {};
    for (const candidate of fit.candidates) {
      const type = (byType[candidate.model_type] ??= {});
      type[candidate.status] = (type[candidate.status] ?? 0) + 1;
    }
    expect(byType).toEqual(counts.by_model_type_and_status);

    const rows: unknown[][] = expected.candidates.rows;
    rows.forEach((row, i) => {
      const [type, heating, cooling, status, rSquaredAdj, intercept, betaHdd, betaCdd, pHdd, pCdd, reasons] =
        row as [
          string,
          ...[number | null, number | null],
          string,
          ...[number | null, number | null, number | null, number | null, number | null, number | null],
          string[],
        ];
      const candidate: DailyCandidate = fit.candidates[i];
      expect([
        candidate.model_type,
        candidate.heating_balance_point_f,
        candidate.cooling_balance_point_f,
      ]).toEqual([type, heating, cooling]);
      expect({ i, status: candidate.status, reasons: candidate.reasons }).toEqual({ i, status, reasons });
      if (rSquaredAdj === null) {
        expect(candidate.fit).toBeNull();
        return;
      }
      const fitted = candidate.fit!;
      expectClose(`r_squared_adj[${i}]`, fitted.r_squared_adj, rSquaredAdj, VALUE);
      expectClose(`intercept[${i}]`, fitted.coefficients.intercept, intercept as number, VALUE);
      if (betaHdd !== null) expectClose(`beta_hdd[${i}]`, fitted.coefficients.beta_hdd, betaHdd, VALUE);
      if (betaCdd !== null) expectClose(`beta_cdd[${i}]`, fitted.coefficients.beta_cdd, betaCdd, VALUE);
      if (pHdd !== null) expectClose(`p_hdd[${i}]`, fitted.p_values.beta_hdd, pHdd, P_VALUE);
      if (pCdd !== null) expectClose(`p_cdd[${i}]`, fitted.p_values.beta_cdd, pCdd, P_VALUE);
    });
  });

  it('selects the model eemeter selects, with its coefficients, t-values, standard errors and fit', () => {
    const want = expected.selected_model;
    const selected = fit.selected!;
    expect({
      model_type: selected.model_type,
      heating: selected.heating_balance_point_f,
      cooling: selected.cooling_balance_point_f,
    }).toEqual({
      model_type: want.model_type,
      heating: want.heating_balance_point_f,
      cooling: want.cooling_balance_point_f,
    });
    for (const term of Object.keys(want.coefficients) as ('intercept' | 'beta_hdd' | 'beta_cdd')[]) {
      expectClose(`coefficient ${term}`, selected.fit.coefficients[term], want.coefficients[term], VALUE);
      expectClose(`t ${term}`, selected.fit.t_values[term], want.t_values[term], VALUE);
      expectClose(`se ${term}`, selected.fit.standard_errors[term], want.standard_errors[term], VALUE);
      // p-values that underflow to 0 in double precision are compared through their t-values above.
      if (want.p_values[term] > 0) {
        expectClose(`p ${term}`, selected.fit.p_values[term], want.p_values[term], P_VALUE);
      }
    }
    expectClose('r_squared', selected.fit.r_squared, want.r_squared, VALUE);
    expectClose('r_squared_adj', selected.fit.r_squared_adj, want.r_squared_adj, VALUE);
    expect(fit.n_days).toBe(want.n_observations);
  });

  it('predicts the counterfactual of 2015: first days, months and the year, and the metered savings', () => {
    const model = fit.model!;
    const want = expected.reporting;
    expect(reporting).toHaveLength(want.n_days);
    const predicted = reporting.map((d) => predictCaltrackDaily(model, d.temperature_f));
    want.first_days.forEach((row: { predicted_usage: number; observed: number }, i: number) => {
      expectClose(`predicted[${i}]`, predicted[i], row.predicted_usage, VALUE);
      expectClose(`observed[${i}]`, reporting[i].energy_kwh, row.observed, VALUE);
    });
    const total = (values: number[]) => values.reduce((sum, v) => sum + v, 0);
    const counterfactual = total(predicted);
    const observed = total(reporting.map((d) => d.energy_kwh));
    expectClose('counterfactual_total', counterfactual, want.counterfactual_total, VALUE);
    expectClose('observed_total', observed, want.observed_total, VALUE);
    expectClose('metered_savings', counterfactual - observed, want.metered_savings, VALUE);
    want.monthly.forEach(
      (month: { month: string; days: number; counterfactual: number; observed: number }) => {
        const inMonth = reporting
          .map((d, i) => ({ d, p: predicted[i] }))
          .filter(({ d }) => d.day.startsWith(month.month));
        expect(inMonth).toHaveLength(month.days);
        expectClose(
          `${month.month} counterfactual`,
          total(inMonth.map(({ p }) => p)),
          month.counterfactual,
          VALUE,
        );
        expectClose(
          `${month.month} observed`,
          total(inMonth.map(({ d }) => d.energy_kwh)),
          month.observed,
          VALUE,
        );
      },
    );
  });

  it('with the CalTRACK 1.0 p-value rule (slopes p <= 0.1) disqualifies what eemeter does and selects the same', () => {
    const variant = expected.variant_beta_p_value_max_0_1;
    const strict = fitCaltrackDaily(baseline, {
      ...CALTRACK_DAILY_DEFAULTS,
      fit_cdd: c.fitCdd,
      beta_hdd_maximum_p_value: 0.1,
      beta_cdd_maximum_p_value: 0.1,
    });
    expect(countByStatus(strict.candidates)).toEqual(variant.candidate_counts);
    const slopeAbove = (term: 'beta_hdd' | 'beta_cdd') =>
      strict.candidates.filter((candidate) => candidate.reasons.includes(`${term}_p_value_too_high`)).length;
    expect({ beta_hdd: slopeAbove('beta_hdd'), beta_cdd: slopeAbove('beta_cdd') }).toEqual(
      variant.fitted_candidates_with_slope_p_value_above_0_1,
    );
    expect(strict.selected?.model_type).toBe(variant.selected_model_type);
    expectClose('variant r_squared_adj', strict.selected?.fit.r_squared_adj, variant.r_squared_adj, VALUE);
  });
});

describe('CalTRACK daily rules on small inputs', () => {
  const day = (i: number, temperature: number, use: number): CaltrackDay => ({
    day: `2014-01-${String(i + 1).padStart(2, '0')}`,
    energy_kwh: use,
    temperature_f: temperature,
  });

  it('does not attempt a degree-day candidate with fewer than 10 non-zero days, and falls back to intercept_only', () => {
    // Nine cold days: every HDD column has at most 9 non-zero days.
    const days = Array.from({ length: 30 }, (_, i) => day(i, i < 9 ? 20 : 95, 100 + (i < 9 ? 50 : 0)));
    const fit = fitCaltrackDaily(days, { ...CALTRACK_DAILY_DEFAULTS, fit_cdd: false });
    expect(
      fit.candidates.filter((c) => c.model_type === 'hdd_only').every((c) => c.status === 'NOT ATTEMPTED'),
    ).toBe(true);
    expect(fit.selected?.model_type).toBe('intercept_only');
    expect(fit.model?.intercept).toBeCloseTo(115, 10);
  });

  it('disqualifies a negative intercept and reports no model when nothing qualifies', () => {
    const days = Array.from({ length: 40 }, (_, i) => day(i % 28, 40 + (i % 20), -10 - i));
    const fit = fitCaltrackDaily(days, { ...CALTRACK_DAILY_DEFAULTS, fit_cdd: false });
    expect(fit.candidates[0]).toMatchObject({ status: 'DISQUALIFIED', reasons: ['intercept_negative'] });
    expect(fit.selected).toBeNull();
    expect(fit.model).toBeNull();
  });

  it('refuses days without finite use or temperature', () => {
    expect(() => fitCaltrackDaily([])).toThrow(RangeError);
    expect(() => fitCaltrackDaily([day(0, Number.NaN, 1)])).toThrow(/2014-01-01/);
  });
});
