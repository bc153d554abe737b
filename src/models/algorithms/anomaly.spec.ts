import { fitAnomalyModel, scoreAnomalies, type AnomalyParams } from './anomaly';
import { classificationMetrics, rocAuc } from './classification-metrics';
import type { EnergyInterval } from './energy-interval';
import { energyInterval, loadAnomalyReference } from './testing/fixtures';

describe('anomaly detector on anomaly.json (b40 2014 hourly, 40 injected anomalies)', () => {
  const reference = loadAnomalyReference();
  // The reference's hour of day and weekday are UTC; they stand in for local time here.
  const rows = reference.timestamps_utc.map((timestamp, i) =>
    energyInterval(timestamp.slice(0, 16), reference.electricity_kwh[i], {
      outdoor_temp_c: reference.outdoor_temp_c[i],
    }),
  );
  const labels = reference.label.map((label) => label === 1);
  const peer = reference.peer_sklearn_isolation_forest;
  const params = fitAnomalyModel(rows, { interval: 'hour' });
  const scores = scoreAnomalies(params, rows);

  it('ranks the anomalies at least as well as scikit-learn IsolationForest (ROC AUC)', () => {
    expect(scores.every((s) => s.score !== null)).toBe(true);
    const auc = rocAuc(
      scores.map((s) => s.score ?? Number.NaN),
      labels,
    );
    expect(auc).toBeGreaterThanOrEqual(peer.roc_auc);
  });

  it('flags with a better F1 than the peer', () => {
    const quality = classificationMetrics(
      scores.map((s) => s.is_anomaly),
      labels,
    );
    expect(quality.f1).toBeGreaterThan(peer.f1);
  });

  it('uses the temperature the data supports and fits deterministically', () => {
    expect(params.drivers).toEqual(['hdd_15_5', 'cdd_18']);
    expect(params.context_levels_kwh).toHaveLength(168);
    expect(params.residual_scales_kwh).toHaveLength(24);
    expect(fitAnomalyModel(rows, { interval: 'hour' })).toEqual(params);
  });

  it('stores compact JSON parameters that score like the fitted model', () => {
    const json = JSON.stringify(params);
    expect(json.length).toBeLessThan(20_000);
    expect(scoreAnomalies(JSON.parse(json) as AnomalyParams, rows)).toEqual(scores);
  });
});

describe('fitAnomalyModel and scoreAnomalies', () => {
  /** Four weeks of hourly load: a weekday daytime plateau, a load-level effect and a little noise. */
  function hourlyWeeks(weeks: number): EnergyInterval[] {
    return Array.from({ length: weeks * 168 }, (_, i) => {
      const date = new Date(Date.UTC(2024, 0, 1, i)); // 2024-01-01 is a Monday
      const hour = date.getUTCHours();
      const weekday = date.getUTCDay() !== 0 && date.getUTCDay() !== 6;
      const loadLevel = Math.floor(i / 5) % 3;
      const energy = 20 + (weekday && hour >= 7 && hour < 18 ? 60 : 0) + 15 * loadLevel + ((i * 13) % 5);
      return energyInterval(date.toISOString().slice(0, 16), energy, { load_level: loadLevel });
    });
  }

  it('learns the load-level effect and flags daytime load at night', () => {
    const rows = hourlyWeeks(4);
    // Tuesday 2024-01-09 03:00, normally 20-40 kWh + load, gets a daytime load.
    const night = rows.findIndex((row) => row.start === '2024-01-09T03:00');
    rows[night] = { ...rows[night], energy_kwh: rows[night].energy_kwh + 60 };
    const params = fitAnomalyModel(rows, { interval: 'hour' });
    expect(params.drivers).toEqual(['load_level']);
    expect(params.driver_coefficients[0]).toBeCloseTo(15, 0);
    const flagged = scoreAnomalies(params, rows).filter((score) => score.is_anomaly);
    expect(flagged.map((score) => score.start)).toEqual(['2024-01-09T03:00']);
  });

  it('scores intervals missing a driver as null and unflagged', () => {
    const rows = hourlyWeeks(3);
    const params = fitAnomalyModel(rows, { interval: 'hour', z_limit: 6 });
    expect(params.z_limit).toBe(6);
    const [scored] = scoreAnomalies(params, [{ ...rows[0], load_level: null }]);
    expect(scored).toEqual({ start: rows[0].start, score: null, is_anomaly: false, expected_kwh: null });
  });

  it('works on daily intervals with day-of-week levels', () => {
    const days = Array.from({ length: 35 }, (_, d) => {
      const date = new Date(Date.UTC(2024, 0, 1 + d));
      const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
      return energyInterval(date.toISOString().slice(0, 10), (weekend ? 300 : 1000) + ((d * 37) % 23));
    });
    days[17] = { ...days[17], energy_kwh: 200 };
    const params = fitAnomalyModel(days, { interval: 'day' });
    expect(params).toMatchObject({ context: 'day_of_week', drivers: [] });
    expect(params.residual_scales_kwh).toHaveLength(1);
    const flagged = scoreAnomalies(params, days).filter((score) => score.is_anomaly);
    expect(flagged.map((score) => score.start)).toEqual([days[17].start]);
  });

  it('needs every hour of the week at least twice and a positive z limit', () => {
    expect(() => fitAnomalyModel(hourlyWeeks(1), { interval: 'hour' })).toThrow(
      /168 of 168 hour_of_week levels have fewer than 2 usable intervals/,
    );
    expect(() => fitAnomalyModel(hourlyWeeks(2), { interval: 'hour', z_limit: 0 })).toThrow(/z_limit/);
  });
});
