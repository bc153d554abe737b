import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_DRIFT_THRESHOLDS, DriftInput, runDriftTests } from './drift-engine';

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
    const train = { mean: cusumReference.train_residual_mean, sd: cusumReference.train_residual_sd };
    // A reference sample with exactly the training mean and sd (ddof 1) reproduces the standardisation.
    const reference = [
      train.mean - train.sd * Math.sqrt(7 / 8) * 1,
      train.mean + train.sd * Math.sqrt(7 / 8) * 1,
    ];
    const referenceSample = Array.from({ length: 8 }, (_, i) => reference[i % 2]);
    const result = runDriftTests({
      ...base,
      current_metrics: { cv_rmse_pct: 16.6, nmbe_pct: -10.8, rmse: 5091, r_squared: 0.85 },
      residuals: { reference: referenceSample, current: cusumReference.monitor_residuals },
    });
    const cusum = result.tests.find((test) => test.name === 'cusum')!;
    expect(cusum.drift).toBe(true);
    expect(cusum.detail).toMatchObject({
      first_alarm_index_up: cusumReference.first_alarm_index_up,
      first_alarm_index_down: cusumReference.first_alarm_index_down,
    });
    expect(result.drift_type).toBe('concept_drift');
    expect(result.drift_score).toBeGreaterThan(0.5);
  });

  it('calls shifted inputs with unchanged residuals data drift', () => {
    const reference = Array.from({ length: 200 }, (_, i) => Math.sin(i) * 5 + 10);
    const current = reference.map((value) => value + 8);
    const result = runDriftTests({ ...base, drivers: [{ name: 'outdoor_temp_c', reference, current }] });
    expect(result.drift_type).toBe('data_drift');
    expect(
      result.tests.filter((test) => test.kind === 'data' && test.drift).map((test) => test.name),
    ).toEqual(['psi', 'ks_two_sample']);
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
