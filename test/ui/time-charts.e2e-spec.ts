/**
 * The web page's time and charts in a real browser (Chromium, locale en-GB) against the built
 * service on its own fresh test database with the demo data: one period (days of the machine's
 * timezone, the end inclusive) and aggregation for expected vs actual, savings and anomalies;
 * dates in one locale format, on the axes too; trend charts with one line per version, one point
 * per version and window end, the Guideline 14 limit the API gives; expected vs actual of the
 * active version unless an A/B arm is picked; the savings reloading after an activation; the
 * savings chart's unit label clear of its ticks. Screenshots (1280x800 and 390x844) go to
 * test-artifacts/ui/.
 */
import { join } from 'node:path';
import { Page, Request } from 'playwright-core';
import { DemoIds } from '../support/test-app';
import { ARTIFACTS, startUiHarness, trainThroughApi, UiHarness, untilTrue } from '../support/ui-page';

jest.setTimeout(300_000);

const GAS_DAYS = { interval: 'day', features: ['hdd_15_5'], training_start: '2013-01-01' };

describe('web page: time and charts (Chromium)', () => {
  let harness: UiHarness;
  let ids: DemoIds;
  let page: Page;
  const versions: Record<string, { id: string; version: number }> = {};
  const api = (method: 'GET' | 'POST', path: string, body?: unknown) => harness.api(method, path, body);
  const gas = () => `machine_id=${ids.b40Gas}&model_type=baseline`;
  const attribute = (selector: string, name: string) => page.locator(selector).getAttribute(name);
  const open = async (machine: string, modelType = 'baseline') => {
    await page.goto(
      `${harness.service.url}/ui/model-performance/?machine=${machine}&model_type=${modelType}`,
    );
    await page.waitForSelector('body[data-ready=true]');
  };
  /** Applies a period through the form and waits until the request `path` of it has been answered. */
  const applyRange = async (from: string, to: string, aggregation: string, path = '/savings') => {
    const form = page.locator('#range-form');
    await form.getByLabel('From').fill(from);
    await form.getByLabel('To (inclusive)').fill(to);
    await form.getByLabel('Aggregation').selectOption(aggregation);
    const answered = page.waitForResponse((r) => r.url().includes(path));
    await form.getByRole('button', { name: 'Apply' }).click();
    await answered;
  };

  const train = async (label: string, modelType: string, hyperparameters: Record<string, unknown>) => {
    const job = await trainThroughApi(api, ids.b40Gas, modelType, hyperparameters);
    versions[label] = { id: job.model_id, version: job.model_version };
  };

  beforeAll(async () => {
    harness = await startUiHarness('ui_time');
    ({ ids, page } = harness);
    await train('v1', 'baseline', { ...GAS_DAYS, training_end: '2014-12-31' });
    await train('anomaly', 'anomaly', { training_start: '2013-01-01', training_end: '2014-12-31' });
    await api(
      'POST',
      `/anomalies/detect?machine_id=${ids.b40Gas}&start=2015-01-01T00:00:00Z&end=2016-01-01T00:00:00Z`,
    );
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('draws a trend of exactly one evaluation as a visible point', async () => {
    await open(ids.b40Gas);
    await untilTrue(page, "document.querySelector('#chart-error')?.getAttribute('data-points') === '1'");
    await expect(attribute('#chart-error', 'data-versions')).resolves.toBe(`v${versions.v1.version}`);
    // The point is drawn: pixels of the version's colour (#1570ef) on the canvas.
    const blue = await page.evaluate<number>(`(() => {
      const canvas = document.querySelector('#chart-error canvas');
      const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let count = 0;
      for (let i = 0; i < pixels.length; i += 4)
        if (Math.abs(pixels[i] - 21) < 20 && Math.abs(pixels[i + 1] - 112) < 20 && Math.abs(pixels[i + 2] - 239) < 20 && pixels[i + 3] > 200) count++;
      return count;
    })()`);
    expect(blue).toBeGreaterThan(20);
  });

  it('shows every date in the locale format and the machine timezone, the axes too', async () => {
    await expect(page.locator('#machine-hint').textContent()).resolves.toContain('data to 31 Dec 2015');
    // The hold-out of v1 (its window from the API) in the evaluations table, the end inclusive.
    const trend = await api('GET', `/metrics/trend?${gas()}&days=3650`);
    const holdout = trend.metrics[0];
    const inclusiveEnd = new Date(Date.parse(holdout.evaluation_end) - 1);
    const format = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });
    await page.locator('#trend-table summary').click();
    await expect(page.locator('#trend-table tbody tr td').first().textContent()).resolves.toBe(
      `${format.format(new Date(holdout.evaluation_start))} → ${format.format(inclusiveEnd)}`,
    );
    // A year of days: the time axis names months in the locale ("Mar 2015"), not uPlot's English templates.
    const ticks = ((await attribute('#chart-energy', 'data-x-ticks')) ?? '').split('|');
    expect(ticks.length).toBeGreaterThan(2);
    for (const tick of ticks) expect(tick).toMatch(/^[A-Z][a-z]{2,3} 2015$/);
    // The legend names the hovered interval in the same format.
    const box = (await page.locator('#chart-energy .u-over').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await expect(
      page.locator('#chart-energy .u-legend .u-series').first().locator('.u-value').textContent(),
    ).resolves.toMatch(/^\d{1,2} [A-Z][a-z]{2,3} 2015, 00:00$/);
  });

  it('shows expected vs actual, savings and anomalies over one period, aggregated by the picker', async () => {
    // The default period: the last full calendar year, per day.
    expect(Number(await attribute('#chart-energy', 'data-points'))).toBe(365);
    await page.locator('#savings-months tbody tr').first().waitFor();
    expect(await page.locator('#savings-months tbody tr').count()).toBe(12);

    const requests: string[] = [];
    const record = (request: Request) => requests.push(decodeURIComponent(request.url()));
    page.on('request', record);
    await applyRange('2015-03-01', '2015-03-31', 'month');
    await untilTrue(
      page,
      "document.querySelector('#chart-energy')?.getAttribute('data-aggregation') === 'month'",
    );
    expect(Number(await attribute('#chart-energy', 'data-points'))).toBe(1);
    await untilTrue(page, "document.querySelectorAll('#savings-months tbody tr').length === 1");
    await expect(page.locator('#savings-months tbody td').first().textContent()).resolves.toBe('Mar 2015');
    await expect(page.locator('#savings-result dd', { hasText: 'intervals' }).textContent()).resolves.toBe(
      '1 Mar 2015 → 31 Mar 2015, 31 intervals',
    );
    // Every view asked for the same half-open window: from 1 March to the start of 1 April (UTC machine).
    await untilTrue(page, "document.querySelector('[data-card=anomaly-rate]') !== null");
    const window = 'start=2015-03-01T00:00:00.000Z&end=2015-04-01T00:00:00.000Z';
    expect(requests.some((url) => url.includes('/predictions?') && url.includes(window))).toBe(true);
    expect(
      requests.some(
        (url) =>
          url.includes('/savings?') &&
          url.includes('reporting_start=2015-03-01T00:00:00.000Z&reporting_end=2015-04-01T00:00:00.000Z'),
      ),
    ).toBe(true);
    expect(
      requests.some(
        (url) =>
          url.includes('/anomalies?') &&
          url.includes('since=2015-03-01T00:00:00.000Z&until=2015-04-01T00:00:00.000Z'),
      ),
    ).toBe(true);
    // The anomaly rate counts the flags of that period.
    const flags = await api(
      'GET',
      `/anomalies?machine_id=${ids.b40Gas}&since=2015-03-01T00:00:00Z&until=2015-04-01T00:00:00Z&limit=1`,
    );
    await expect(page.locator('[data-card=anomaly-rate] .hint').textContent()).resolves.toMatch(
      new RegExp(`^${flags.total} flagged of \\d+ intervals in the window$`),
    );

    // Per day: 31 points; per hour a model of days stays per day.
    await applyRange('2015-03-01', '2015-03-31', 'day', '/predictions');
    await untilTrue(page, "document.querySelector('#chart-energy')?.getAttribute('data-points') === '31'");
    await applyRange('2015-03-01', '2015-03-31', 'hour', '/predictions');
    await untilTrue(
      page,
      "document.querySelector('#chart-energy')?.getAttribute('data-aggregation') === 'day'",
    );
    expect(Number(await attribute('#chart-energy', 'data-points'))).toBe(31);
    page.off('request', record);

    // Another machine's days start at its own midnight: Seoul's 1 March is 28 Feb 15:00 UTC.
    const seoul: string[] = [];
    page.on('request', (request) => seoul.push(decodeURIComponent(request.url())));
    await open(ids.steel);
    const from = await page.locator('#range-form').getByLabel('From').inputValue();
    const startsAt = new Date(Date.parse(`${from}T00:00:00+09:00`)).toISOString();
    await untilTrue(
      page,
      "document.querySelector('#savings-result')?.textContent !== 'Loading the savings…'",
    );
    expect(
      seoul.some((url) => url.includes('/savings?') && url.includes(`reporting_start=${startsAt}`)),
    ).toBe(true);
    page.removeAllListeners('request');
  });

  it('draws one line per version, one point per version and window end, and the API limit', async () => {
    // v2 on a shorter training window; v1 evaluated twice over windows ending on 1 July.
    await train('v2', 'baseline', { ...GAS_DAYS, training_start: '2014-01-01', training_end: '2014-12-31' });
    const v1 = versions.v1.id;
    for (const [start, end] of [
      ['2015-01-01', '2015-07-01'],
      ['2015-06-01', '2015-07-01'],
      ['2015-09-01', '2015-10-01'],
    ])
      await api(
        'POST',
        `/metrics/evaluate?${gas()}&model_id=${v1}&start=${start}T00:00:00Z&end=${end}T00:00:00Z`,
      );
    await api(
      'POST',
      `/metrics/evaluate?${gas()}&model_id=${versions.v2.id}&start=2015-06-01T00:00:00Z&end=2015-07-01T00:00:00Z`,
    );
    await open(ids.b40Gas);
    const trend = await api('GET', `/metrics/trend?${gas()}&days=3650`);
    const ends = new Set(trend.metrics.map((m: { evaluation_end: string }) => m.evaluation_end));
    expect(trend.metrics.length).toBeGreaterThan(ends.size);
    await untilTrue(
      page,
      `document.querySelector('#chart-error')?.getAttribute('data-points') === '${ends.size}'`,
    );
    const labels = [versions.v1.version, versions.v2.version].sort().map((v) => `v${v}`);
    await expect(attribute('#chart-error', 'data-versions')).resolves.toBe(labels.join(' '));
    const legend = await page.locator('#chart-error .u-legend .u-label').allTextContents();
    expect(legend).toEqual(expect.arrayContaining([...labels, 'Guideline 14 limit']));
    const limit = (await api('GET', `/models/${v1}`)).validation_metrics.guideline14.limits.cv_rmse_pct;
    await expect(page.locator('#chart-error figcaption').textContent()).resolves.toContain(
      `Guideline 14 limit ${limit} %`,
    );
  });

  it('shows the active version in expected vs actual during an A/B test unless an arm is picked', async () => {
    const active = (await api('GET', `/models?${gas()}`)).items.find(
      (v: { status: string }) => v.status === 'active',
    );
    const other = active.id === versions.v1.id ? versions.v2 : versions.v1;
    const started = await api(
      'POST',
      `/ab-test/start?${gas()}&test_name=arms&model_a_id=${active.id}&model_b_id=${other.id}&test_start=2015-01-01T00:00:00Z&duration_hours=8760`,
    );
    await open(ids.b40Gas);
    const summary = page.locator('#predictions-summary');
    await expect(summary.textContent()).resolves.toMatch(new RegExp(`^v${active.version} \\(active\\): `));
    const form = page.locator('#predictions-form');
    await form.getByLabel('Version shown').selectOption('model_b');
    await form.getByRole('button', { name: 'Show' }).click();
    await untilTrue(
      page,
      `document.querySelector('#predictions-summary')?.textContent.startsWith('v${other.version} (model b)')`,
    );
    await api('POST', `/ab-tests/${started.test_id}/cancel`);
  });

  it('reloads the savings after an activation in the versions section', async () => {
    await open(ids.b40Gas);
    const baseline = page.locator('#savings-form').getByLabel('Baseline');
    const active = (await api('GET', `/models?${gas()}`)).items.find(
      (v: { status: string }) => v.status === 'active',
    );
    const other = active.id === versions.v1.id ? versions.v2 : versions.v1;
    await expect(baseline.inputValue()).resolves.toBe(active.id);
    await page
      .locator(`#versions-list tr[data-version="${other.version}"]`)
      .getByRole('button', { name: new RegExp(`v${other.version}$`) })
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Reason').fill('ui test: savings follow the active baseline');
    await dialog.getByRole('button', { name: new RegExp(`^Activate v${other.version}`) }).click();
    await untilTrue(
      page,
      `document.querySelector('#savings-form select[name=model_id]')?.value === '${other.id}'`,
    );
    await page.locator('#savings-result dd', { hasText: `v${other.version}, ` }).waitFor();
  });

  it("keeps the savings chart's kWh label clear of its tick labels, on a desktop and a phone", async () => {
    await open(ids.b40Gas);
    await page.locator('#chart-savings canvas').waitFor();
    expect(Number(await attribute('#chart-savings', 'data-y-label-room'))).toBeGreaterThanOrEqual(0);
    await page.locator('#savings').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'desktop-time-savings.png') });
    const phone = await harness.phone();
    try {
      const mobile = await phone.newPage();
      await mobile.goto(
        `${harness.service.url}/ui/model-performance/?machine=${ids.b40Gas}&model_type=baseline`,
      );
      await mobile.waitForSelector('body[data-ready=true]');
      await mobile.locator('#chart-savings canvas').waitFor();
      expect(
        Number(await mobile.locator('#chart-savings').getAttribute('data-y-label-room')),
      ).toBeGreaterThanOrEqual(0);
      await expect(mobile.locator('#machine-hint').textContent()).resolves.toContain('data to 31 Dec 2015');
      expect(
        await mobile.evaluate<number>('document.documentElement.scrollWidth - innerWidth'),
      ).toBeLessThanOrEqual(0);
      await mobile.locator('#range-form').screenshot({ path: join(ARTIFACTS, 'mobile-time-range.png') });
    } finally {
      await phone.close();
    }
  });

  it('draws a Prophet forecast against the actuals with its prediction interval as a band', async () => {
    await trainThroughApi(api, ids.b40Gas, 'forecast_prophet');
    await open(ids.b40Gas, 'forecast_prophet');
    await applyRange('2015-12-01', '2015-12-07', 'hour', '/predictions');
    await untilTrue(page, "document.querySelector('#chart-energy')?.getAttribute('data-band') === 'true'");
    const served = await api(
      'GET',
      `/predictions?machine_id=${ids.b40Gas}&model_type=forecast_prophet&start=2015-12-01T00:00:00Z&end=2015-12-08T00:00:00Z`,
    );
    expect(served.interval_level).toBeGreaterThan(0);
    expect(served.interval_level).toBeLessThan(1);
    for (const row of served.predictions) {
      expect(row.lower_kwh).toBeLessThanOrEqual(row.expected_kwh);
      expect(row.upper_kwh).toBeGreaterThanOrEqual(row.expected_kwh);
    }
    const level = `${Math.round(100 * served.interval_level)} %`;
    await expect(page.locator('#chart-energy figcaption').textContent()).resolves.toContain(
      `shaded: the forecast's ${level} prediction interval`,
    );
    const legend = await page.locator('#chart-energy .u-legend .u-label').allTextContents();
    expect(legend).toEqual(
      expect.arrayContaining(['Expected', 'Actual', `Upper ${level}`, `Lower ${level}`]),
    );
    expect(Number(await attribute('#chart-energy', 'data-points'))).toBe(served.predictions.length);
    await page.locator('#performance').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'desktop-forecast-band.png') });
  });
});
