import {
  CALTRACK_DAILY_DEFAULTS,
  fitCaltrackDaily,
  predictCaltrackDaily,
  slopeCount,
} from '../../models/algorithms/caltrack/daily';
import {
  b40Days as days,
  expectClose,
  loadCaltrackReference,
} from '../../models/algorithms/caltrack/testing/caltrack-reference';
import {
  baselineResidualSummary,
  fractionalSavingsUncertainty,
  savingsErrorBands,
  type BaselineResidualSummary,
} from './fractional-savings-uncertainty';

const reference = loadCaltrackReference();
const VALUE = 1e-6;
/** caltrack.json about.tolerance: FSU and OLS error bands and fsu_pct_* to 1e-4 relative. */
const BAND = 1e-4;

describe.each([
  ['daily_gas', 'gas_kwh', false],
  ['daily_electricity', 'electricity_kwh', true],
] as const)(
  'savings uncertainty of the CalTRACK %s baseline against eemeter (caltrack.json)',
  (name, meter, fitCdd) => {
    const expected = reference.cases[name];
    const baseline = days(meter, '2014-01-01', '2015-01-01');
    const reporting = days(meter, '2015-01-01', '2016-01-01');
    const model = fitCaltrackDaily(baseline, { ...CALTRACK_DAILY_DEFAULTS, fit_cdd: fitCdd }).model!;
    const summary: BaselineResidualSummary = baselineResidualSummary(
      baseline.map((d) => d.energy_kwh),
      baseline.map((d) => predictCaltrackDaily(model, d.temperature_f)),
      slopeCount(model.model_type),
    );

    it('reports the baseline residual statistics eemeter reports (ModelMetrics of daily totals)', () => {
      const want = expected.baseline_totals_metrics;
      for (const field of ['r_squared', 'r_squared_adj', 'rmse', 'rmse_adj', 'nmae', 'n_prime'] as const) {
        expectClose(field, summary[field], want[field], VALUE);
      }
      expectClose('cvrmse_adj', summary.cvrmse_adj, want.cvrmse_adj, VALUE);
      expectClose('autocorr_resid', summary.autocorr_resid, want.autocorr_resid, VALUE);
      // Zero up to rounding for a least-squares fit with an intercept.
      expect(Math.abs(summary.nmbe)).toBeLessThan(1e-9);
      expect(Math.abs(want.nmbe)).toBeLessThan(1e-9);
    });

    it('computes the FSU and OLS error bands at 90 % and every term of the formula', () => {
      const want = expected.reporting;
      const bands = savingsErrorBands(
        summary,
        reporting.map((d) => d.energy_kwh),
        { confidence_level: 0.9 },
      )!;
      expectClose('FSU Error Band', bands.fsu_error_band, want.error_bands_90pct['FSU Error Band'], BAND);
      expectClose('OLS Error Band', bands.ols_error_band, want.error_bands_90pct['OLS Error Band'], BAND);
      expectClose(
        'Model Error',
        bands.ols_model_error,
        want.error_bands_90pct['OLS Error Band: Model Error'],
        BAND,
      );
      expectClose('Noise', bands.ols_noise, want.error_bands_90pct['OLS Error Band: Noise'], BAND);

      const terms = want.error_band_terms;
      expect(bands.terms).toMatchObject({
        n_baseline: terms.n_baseline_days,
        num_parameters: terms.num_parameters_excluding_intercept,
        degrees_of_freedom: terms.degrees_of_freedom,
        n_reporting: terms.n_reporting_days,
        fsu_polynomial_coefficients: terms.fsu_polynomial_coefficients_a_b_c,
      });
      const pairs: [keyof typeof bands.terms, string][] = [
        ['t_stat', 't_stat'],
        ['rmse_adj', 'rmse_adj'],
        ['autocorr_resid', 'autocorr_resid_lag1'],
        ['n_prime', 'n_prime'],
        ['baseline_mean', 'baseline_mean_daily_use'],
        ['baseline_variance', 'baseline_variance_daily_use_ddof0'],
        ['baseline_total_use', 'baseline_total_use'],
        ['cv_rmse_adj', 'cv_rmse_adj'],
        ['reporting_mean', 'reporting_mean_daily_use'],
        ['reporting_months', 'reporting_months_m_over_30'],
        ['fsu_polynomial_value', 'fsu_polynomial_value'],
      ];
      for (const [ours, theirs] of pairs)
        expectClose(ours, bands.terms[ours] as number, terms[theirs], VALUE);

      const counterfactual = reporting.reduce(
        (sum, d) => sum + predictCaltrackDaily(model, d.temperature_f),
        0,
      );
      const savings = counterfactual - reporting.reduce((sum, d) => sum + d.energy_kwh, 0);
      expectClose(
        'fsu_pct_of_savings',
        100 * fractionalSavingsUncertainty(bands.fsu_error_band, savings)!,
        want.fsu_pct_of_savings,
        BAND,
      );
    });
  },
);

describe('savings error bands on degenerate input', () => {
  const summary = baselineResidualSummary(
    [10, 12, 11, 13, 12, 14, 13],
    [10.4, 11.3, 11.9, 12.2, 12.8, 13.1, 13.6],
    1,
  );

  it('has none without reporting data, or when the baseline residuals are perfectly autocorrelated', () => {
    expect(savingsErrorBands(summary, [])).toBeNull();
    expect(savingsErrorBands({ ...summary, autocorr_resid: 1 }, [12])).toBeNull();
    expect(savingsErrorBands({ ...summary, autocorr_resid: null }, [12])).toBeNull();
  });

  it('widens with the confidence level, and uses the billing polynomial in billing periods', () => {
    const at90 = savingsErrorBands(summary, [12, 13, 12])!;
    const at95 = savingsErrorBands(summary, [12, 13, 12], { confidence_level: 0.95 })!;
    expect(at95.fsu_error_band).toBeGreaterThan(at90.fsu_error_band);
    const billing = savingsErrorBands(summary, [360, 372], { interval: 'billing', reporting_periods: 2 })!;
    expect(billing.terms).toMatchObject({
      reporting_months: 2,
      fsu_polynomial_coefficients: [-0.00022, 0.03306, 0.94054],
    });
  });

  it('refuses mismatched series and a confidence outside (0, 1)', () => {
    expect(() => baselineResidualSummary([1, 2], [1], 0)).toThrow(RangeError);
    expect(() => savingsErrorBands(summary, [1], { confidence_level: 1 })).toThrow(/confidence_level/);
    expect(fractionalSavingsUncertainty(10, 0)).toBeNull();
  });
});
