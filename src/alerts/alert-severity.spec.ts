import { severityFor, severityRank, worseDirection } from './alert-severity';

describe('severityFor', () => {
  describe('guideline14_violation (hourly limits: CV(RMSE) 30 %, |NMBE| 10 %)', () => {
    const g14 = (cv_rmse: number, nmbe: number) =>
      severityFor('guideline14_violation', { cv_rmse, nmbe, cv_rmse_limit: 30, nmbe_limit: 10 });

    it('is normal within both limits (the limits themselves pass)', () => {
      expect(g14(29, -9)).toBe('normal');
      expect(g14(30, 10)).toBe('normal');
    });
    it('is a warning when one limit is exceeded by up to 50 %', () => {
      expect(g14(31, 2)).toBe('warning');
      expect(g14(45, 2)).toBe('warning');
      expect(g14(12, -15)).toBe('warning');
    });
    it('is critical when one limit is exceeded by more than 50 %', () => {
      expect(g14(45.1, 2)).toBe('critical');
      expect(g14(12, -15.5)).toBe('critical');
    });
    it('is critical when both limits are exceeded', () => {
      expect(g14(31, 10.5)).toBe('critical');
    });
  });

  describe('drift_detected', () => {
    const drift = (performance_drift: boolean, concept_drift: boolean, data_drift: boolean) =>
      severityFor('drift_detected', { performance_drift, concept_drift, data_drift });

    it('is normal without drift and a warning for any single test', () => {
      expect(drift(false, false, false)).toBe('normal');
      expect(drift(true, false, false)).toBe('warning');
      expect(drift(false, true, false)).toBe('warning');
      expect(drift(false, false, true)).toBe('warning');
      expect(drift(true, false, true)).toBe('warning');
    });
    it('is critical for concept drift (CUSUM alarm) together with performance drift', () => {
      expect(drift(true, true, false)).toBe('critical');
      expect(drift(true, true, true)).toBe('critical');
    });
  });

  it('training_failed: warning, critical from 3 consecutive failures', () => {
    const failed = (consecutive_failures: number) => severityFor('training_failed', { consecutive_failures });
    expect([0, 1, 2, 3, 7].map(failed)).toEqual(['normal', 'warning', 'warning', 'critical', 'critical']);
  });

  it('evaluation_stale: warning after N days, critical after 3N', () => {
    const stale = (days_since_evaluation: number) =>
      severityFor('evaluation_stale', { days_since_evaluation, stale_after_days: 2 });
    expect([1, 2, 2.5, 6, 6.5].map(stale)).toEqual(['normal', 'normal', 'warning', 'warning', 'critical']);
  });

  it('data_gap: warning below 90 % completeness, critical below 50 %', () => {
    const gap = (completeness: number) => severityFor('data_gap', { completeness });
    expect([1, 0.9, 0.89, 0.5, 0.49, 0].map(gap)).toEqual([
      'normal',
      'normal',
      'warning',
      'warning',
      'critical',
      'critical',
    ]);
  });

  it('performance_degradation: warning above the threshold, critical above twice the threshold', () => {
    const degraded = (relative_degradation: number) =>
      severityFor('performance_degradation', { relative_degradation, threshold: 0.2 });
    expect([0.1, 0.2, 0.21, 0.4, 0.41].map(degraded)).toEqual([
      'normal',
      'normal',
      'warning',
      'warning',
      'critical',
    ]);
  });
});

describe('severityRank and worseDirection', () => {
  it('orders normal < warning < critical', () => {
    expect(severityRank('normal')).toBeLessThan(severityRank('warning'));
    expect(severityRank('warning')).toBeLessThan(severityRank('critical'));
  });
  it('keeps the lowest completeness for data_gap and the largest magnitude elsewhere', () => {
    expect(worseDirection('data_gap')).toBe('lowest');
    expect(worseDirection('guideline14_violation')).toBe('largest_magnitude');
  });
});
