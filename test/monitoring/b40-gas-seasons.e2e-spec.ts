/**
 * Seasonality is not drift (issue 14): the b40 gas baseline trained on 2013-2014, checked month by
 * month over 2015. Every month's temperatures differ from a two-year average (January is colder,
 * July warmer), which the old PSI test called data drift in every month. Compared like with like,
 * no month whose temperatures lie inside the training range reports data drift on outdoor
 * temperature; the months whose weather really was unusual for the season say so as context; and
 * the concept drift of 2015 (gas about 11 % below the baseline) still shows in the CUSUM and raises
 * the one drift alert of the b40 gas story.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { freshDatabase } from '../support/fresh-database';
import type { DriftTest } from '../../src/drift/drift-engine';
import { API, createTestApp, DemoIds, ensureDemoData } from '../support/test-app';
import { trainingFinished, trainVersion } from '../support/training-jobs';

interface MonthCheck {
  drift_type: string;
  drift_score: number;
  recommendation: string;
  tests: DriftTest[];
  retraining: { triggered: boolean; training_job_id: string | null } | null;
}

describe('monitoring: the seasons of 2015 are not drift for the b40 gas baseline', () => {
  let app: NestFastifyApplication;
  let ids: DemoIds;
  let dropDatabase: () => Promise<void>;
  const months: MonthCheck[] = [];

  const post = (url: string) => app.inject({ method: 'POST', url: `${API}${url}` });

  beforeAll(async () => {
    const fresh = await freshDatabase('seasons');
    dropDatabase = fresh.drop;
    app = await createTestApp(fresh.url);
    ids = await ensureDemoData(app);
    // The b40 gas story's baseline: fitted on 2013-2014, validated on 2015.
    const trained = await trainVersion(app, ids.b40Gas, 'baseline', {
      interval: 'day',
      features: ['hdd_15_5'],
      training_start: '2013-01-01',
      training_end: '2014-12-31',
      validation_start: '2015-01-01',
      validation_end: '2015-12-31',
    });
    for (let month = 1; month <= 12; month++) {
      const start = `2015-${String(month).padStart(2, '0')}-01T00:00:00Z`;
      const end =
        month === 12 ? '2016-01-01T00:00:00Z' : `2015-${String(month + 1).padStart(2, '0')}-01T00:00:00Z`;
      const response = await post(
        `/metrics/evaluate?machine_id=${ids.b40Gas}&model_type=baseline&model_id=${trained.model_id}&start=${start}&end=${end}`,
      );
      expect(response.statusCode).toBe(200);
      months.push(response.json());
    }
    // Whatever retraining the policy started must finish before the database goes.
    for (const month of months) {
      if (month.retraining?.triggered) await trainingFinished(app, month.retraining.training_job_id!);
    }
  });
  afterAll(async () => {
    await app.close();
    await dropDatabase();
  });

  const temperatureTest = (month: MonthCheck, name: string) =>
    month.tests.find((test) => test.feature === 'outdoor_temp_c' && test.name === name)!;

  it('reports no data drift on outdoor temperature in any month whose temperatures lie within the training range', () => {
    const withinRange = months.filter((month) => {
      const range = temperatureTest(month, 'extrapolation_share').detail!;
      return range.below === 0 && range.above === 0;
    });
    // Only July 2015 has a day (24.9 °C) above the 2013-2014 maximum (24.2 °C).
    expect(withinRange).toHaveLength(11);
    for (const month of withinRange) {
      const dataTests = month.tests.filter(
        (test) => test.kind === 'data' && test.feature === 'outdoor_temp_c',
      );
      expect(dataTests.map((test) => test.name)).toEqual(['extrapolation_share']);
      expect(dataTests.filter((test) => test.drift)).toEqual([]);
      expect(month.drift_type).not.toBe('data_drift');
    }
    // July's one day out of range is 3 % of the month, under the 5 % threshold: not drift either.
    expect(temperatureTest(months[6], 'extrapolation_share')).toMatchObject({
      statistic: 1 / 31,
      threshold: 0.05,
      drift: false,
    });
  });

  it('compares each month with the same months of 2013-2014 and names the unusual ones as context', () => {
    for (let month = 1; month <= 12; month++) {
      const sameSeason = temperatureTest(months[month - 1], 'ks_same_season');
      expect(sameSeason).toMatchObject({
        kind: 'season',
        threshold: 0.05,
        p_value: expect.any(Number),
        detail: { reference: 'same_calendar_months', months: [month] },
      });
      expect(sameSeason.detail!.effect_size_normed_wasserstein).toEqual(expect.any(Number));
    }
    // December 2015 was 4.5 °C warmer than the Decembers of the training window.
    const december = months[11];
    expect(temperatureTest(december, 'ks_same_season').drift).toBe(true);
    expect(december.recommendation).toMatch(
      /Unusual weather for the season \(ks_same_season\(outdoor_temp_c\)\)/,
    );
  });

  it('still shows the concept drift of 2015 in the CUSUM and raises the one drift alert', async () => {
    const cusum = (month: MonthCheck) => month.tests.find((test) => test.name === 'cusum')!;
    expect(cusum(months[0]).drift).toBe(true);
    expect(months[0].drift_type).toBe('concept_drift');
    const conceptMonths = months.filter((month) => month.drift_type === 'concept_drift');
    expect(conceptMonths.length).toBeGreaterThanOrEqual(6);
    for (const month of months) {
      if (cusum(month).drift) expect(month.drift_type).toBe('concept_drift');
    }

    const alerts = (
      await app.inject({
        method: 'GET',
        url: `${API}/alerts/active?machine_id=${ids.b40Gas}&model_type=baseline`,
      })
    ).json();
    const drift = alerts.filter((alert: { alert_type: string }) => alert.alert_type === 'drift_detected');
    expect(drift).toHaveLength(1);
    expect(drift[0].occurrences).toBe(months.filter((month) => month.drift_type !== 'no_drift').length);
    expect(drift[0].alert_message).toMatch(/^concept drift in v\d+ /);
  });
});
