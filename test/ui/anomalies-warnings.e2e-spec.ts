/**
 * The web page's anomalies, honest warnings and charts in a real browser (Chromium) against the
 * built service on its own fresh test database with the demo data: flagged anomalies as markers
 * and a list with true/false-positive verdicts and the precision they give; the confirmation that
 * says why a version should not be activated; the activation history; a sentence per drift test;
 * a trend chart of a single evaluation; the machine's timezone on the axis; a chart as PNG.
 * Screenshots (1280x800 and 390x844) go to test-artifacts/ui/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Page } from 'playwright-core';
import { DemoIds } from '../support/test-app';
import { ARTIFACTS, startUiHarness, trainThroughApi, UiHarness, untilTrue } from '../support/ui-page';

jest.setTimeout(300_000);

/** The 8 bytes every PNG file starts with. */
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const GAS_DAYS = { interval: 'day', training_start: '2013-01-01', training_end: '2014-12-31' };

describe('web page: anomalies, warnings and charts (Chromium)', () => {
  let harness: UiHarness;
  let ids: DemoIds;
  let page: Page;
  const api = (method: 'GET' | 'POST', path: string, body?: unknown) => harness.api(method, path, body);
  const toast = (text: string | RegExp) => page.locator('#toasts .toast', { hasText: text });
  const open = async (machine: string, modelType: string) => {
    await page.goto(
      `${harness.service.url}/ui/model-performance/?machine=${machine}&model_type=${modelType}`,
    );
    await page.waitForSelector('body[data-ready=true]');
  };

  /** Trains through the API and waits for the job to complete. */
  const train = (machine: string, modelType: string, hyperparameters?: Record<string, unknown>) =>
    trainThroughApi(api, machine, modelType, hyperparameters);

  beforeAll(async () => {
    harness = await startUiHarness('ui_anomalies');
    ({ ids, page } = harness);
    // Steel (Asia/Seoul): an anomaly model with its flags of the last quarter, and a baseline.
    await train(ids.steel, 'anomaly');
    await api(
      'POST',
      `/anomalies/detect?machine_id=${ids.steel}&start=2018-01-01T00:00:00Z&end=2019-01-01T00:00:00Z`,
    );
    await train(ids.steel, 'baseline');
    // b40 gas: v1 (heating degree days) is active; v2 on cooling degree days fails Guideline 14
    // and has a worse validation CV(RMSE).
    await train(ids.b40Gas, 'baseline', { ...GAS_DAYS, features: ['hdd_15_5'] });
    await train(ids.b40Gas, 'baseline', { ...GAS_DAYS, features: ['cdd_18'] });
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('marks the flagged anomalies of the window on the energy chart and lists them', async () => {
    await open(ids.steel, 'baseline');
    // The page's period: days of the machine's timezone (Seoul, UTC+9 without daylight saving), the end inclusive.
    const form = page.locator('#range-form');
    const start = await form.getByLabel('From').inputValue();
    const end = await form.getByLabel('To (inclusive)').inputValue();
    const seoulMidnight = (day: string, days = 0) =>
      new Date(Date.parse(`${day}T00:00:00+09:00`) + days * 86_400_000).toISOString();
    const flags = await api(
      'GET',
      `/anomalies?machine_id=${ids.steel}&since=${seoulMidnight(start)}&until=${seoulMidnight(end, 1)}&limit=500`,
    );
    expect(flags.total).toBeGreaterThan(0);
    const rows = page.locator('#anomalies-list tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(Math.min(flags.total, 100));
    // A marker for each flag in an interval of the chart.
    await untilTrue(page, "document.querySelector('#chart-energy')?.hasAttribute('data-anomalies')");
    const [from, to] = ((await page.locator('#chart-energy').getAttribute('data-x-range')) ?? '')
      .split('..')
      .map(Number);
    const inChart = flags.items.filter((a: { time: string }) => {
      const t = Date.parse(a.time) / 1000;
      return t >= from && t < to + 86_400;
    });
    expect(inChart.length).toBeGreaterThan(flags.total / 2);
    await untilTrue(
      page,
      `document.querySelector('#chart-energy')?.getAttribute('data-anomalies') === '${inChart.length}'`,
    );
    const newest = flags.items[0];
    const first = page.locator(`#anomalies-list tr[data-anomaly-id="${newest.id}"]`);
    const cells = await first.locator('td').allTextContents();
    // Time in the machine's timezone, in the browser's locale.
    const expectedTime = await page.evaluate<string>(
      `new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Seoul' }).format(new Date('${newest.time}'))`,
    );
    expect(cells[0]).toBe(expectedTime);
    expect(Number(cells[1].replace(/,/g, ''))).toBeCloseTo(newest.energy_kwh, 1);
    expect(Number(cells[3])).toBeCloseTo(newest.score, 2);
    await expect(page.locator('[data-card=anomaly-rate] .hint').textContent()).resolves.toMatch(
      new RegExp(`^${flags.total} flagged of \\d+ intervals in the window$`),
    );
    await expect(page.locator('[data-card=anomaly-precision] .empty').textContent()).resolves.toContain(
      'No verdicts yet',
    );
  });

  it('records true and false positives: the row and the precision card update', async () => {
    const rows = page.locator('#anomalies-list tbody tr');
    const firstId = await rows.nth(0).getAttribute('data-anomaly-id');
    const secondId = await rows.nth(1).getAttribute('data-anomaly-id');
    const row = (id: string | null) => page.locator(`#anomalies-list tr[data-anomaly-id="${id}"]`);
    await row(firstId).getByRole('button', { name: 'True positive' }).click();
    await page
      .locator(`#anomalies-list tr[data-anomaly-id="${firstId}"][data-verdict=true_positive]`)
      .waitFor();
    await expect(row(firstId).locator('.verdict-cell').textContent()).resolves.toBe(
      'true positive by anonymous',
    );
    await page.locator('[data-card=anomaly-precision] .big', { hasText: '100 %' }).waitFor();
    await expect(page.locator('[data-card=anomaly-precision] .hint').textContent()).resolves.toBe(
      '1 true, 0 false positives (n = 1)',
    );
    await row(secondId).getByRole('button', { name: 'False positive' }).click();
    await page
      .locator(`#anomalies-list tr[data-anomaly-id="${secondId}"][data-verdict=false_positive]`)
      .waitFor();
    await page.locator('[data-card=anomaly-precision] .big', { hasText: '50 %' }).waitFor();
    await expect(page.locator('[data-card=anomaly-precision] .hint').textContent()).resolves.toBe(
      '1 true, 1 false positives (n = 2)',
    );
    const judged = await api('GET', `/anomalies?machine_id=${ids.steel}&feedback=false_positive`);
    expect(judged.items.map((a: { id: string }) => a.id)).toEqual([secondId]);
    await page.locator('#anomalies').scrollIntoViewIfNeeded();
    await page.evaluate("document.querySelectorAll('#toasts .toast').forEach((t) => t.remove())");
    await page.screenshot({ path: join(ARTIFACTS, 'desktop-anomalies.png') });
  });

  it("draws the time axis in the machine's timezone and a trend of one evaluation", async () => {
    // The axis label is drawn on the canvas; the figure names it.
    for (const id of ['#chart-energy', '#chart-cusum', '#chart-error'])
      await expect(page.locator(id).getAttribute('data-axis-label')).resolves.toBe('Time (Asia/Seoul)');
    // Steel's one baseline has one evaluation (its hold-out): one point, on a real x range.
    await untilTrue(page, "document.querySelector('#chart-error')?.getAttribute('data-points') === '1'");
    await expect(page.locator('#chart-error canvas').isVisible()).resolves.toBe(true);
    const [min, max] = ((await page.locator('#chart-error').getAttribute('data-x-range')) ?? '')
      .split('..')
      .map(Number);
    expect(max - min).toBe(2 * 86_400);
    await expect(page.locator('#chart-error .u-legend').textContent()).resolves.toMatch(/v\d+/);
  });

  it('downloads a chart as a PNG file', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#chart-energy .chart-png').click(),
    ]);
    expect(download.suggestedFilename()).toBe('chart-energy.png');
    const path = await download.path();
    const bytes = [...readFileSync(path).subarray(0, 8)];
    expect(bytes).toEqual(PNG_SIGNATURE);
  });

  it('says how to get anomalies for a machine without an anomaly model', async () => {
    await open(ids.b40Gas, 'baseline');
    await page.locator('#anomalies-list .empty', { hasText: 'No active anomaly model' }).waitFor();
    await expect(page.locator('#anomaly-cards').textContent()).resolves.toBe('');
  });

  it('warns before activating a version that fails Guideline 14 and scores worse; cancel keeps v1', async () => {
    const versionRow = page.locator('#versions-list tr[data-version="2"]');
    await versionRow.getByRole('button', { name: 'Activate v2' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('heading').textContent()).resolves.toBe('Activate v2 despite warnings?');
    const warnings = await dialog.locator('.warnings li').allTextContents();
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(
      /^v2 fails ASHRAE Guideline 14 \(validation, daily\): CV\(RMSE\) [\d.]+ % against a limit of 15 %/,
    );
    expect(warnings[1]).toMatch(
      /^v2 scores worse than the active v1 on validation CV\(RMSE\): [\d.]+ % against [\d.]+ %/,
    );
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const versions = await api('GET', `/models?machine_id=${ids.b40Gas}&model_type=baseline`);
    expect(versions.items.find((v: { status: string }) => v.status === 'active').version).toBe(1);
    await page.locator('#versions-list tr[data-version="1"]', { hasText: 'active' }).waitFor();

    await versionRow.getByRole('button', { name: 'Activate v2' }).click();
    await dialog.getByLabel('Reason').fill('ui test: despite the warnings');
    await page.screenshot({ path: join(ARTIFACTS, 'desktop-activation-warning.png') });
    await dialog.getByRole('button', { name: 'Activate v2 anyway' }).click();
    await toast('v2 is active').waitFor();
    await page.locator('#versions-list tr[data-version="2"]', { hasText: 'active' }).waitFor();
    const after = await api('GET', `/models?machine_id=${ids.b40Gas}&model_type=baseline`);
    expect(after.items.find((v: { status: string }) => v.status === 'active').version).toBe(2);
  });

  it('shows the activation history with who activated each version and why', async () => {
    const rows = page.locator('#versions-history tbody tr');
    await untilTrue(page, "document.querySelectorAll('#versions-history tbody tr').length === 2");
    const newest = await rows.nth(0).locator('td').allTextContents();
    expect(newest[0]).toBe('v2');
    expect(newest[2]).toBe('active');
    expect(newest.slice(3)).toEqual(['anonymous', 'ui test: despite the warnings']);
    const older = await rows.nth(1).locator('td').allTextContents();
    expect(older[0]).toBe('v1');
    expect(older[2]).not.toBe('active');
    expect(older.slice(3)).toEqual(['training', 'first version']);
  });

  it('explains every drift test in a sentence; a KS row compares its p-value with the p threshold', async () => {
    await page.getByRole('button', { name: 'Run drift check' }).click();
    const rows = page.locator('#drift-result tbody tr');
    await rows.first().waitFor();
    for (const text of await page.locator('#drift-result td.explain').allTextContents())
      expect(text).toMatch(/^\S.{30,}\.$/);
    const ks = page.locator('#drift-result tr[data-test^=ks_]').first();
    const cells = await ks.locator('td').allTextContents();
    expect(cells[3]).toMatch(/^p = [\d.e-]+$/);
    expect(cells[4]).toBe('p < 0.05');
    expect(cells[6]).toContain(cells[3]);
    const nmbe = await page.locator('#drift-result tr[data-test=guideline14_nmbe] td.explain').textContent();
    expect(nmbe).toMatch(
      /^The mean bias of the window, \|NMBE\| [\d.]+ %, against the ASHRAE Guideline 14 limit of ±5 %\.$/,
    );
    await page.locator('#drift-result').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'desktop-drift-explained.png') });
  });

  it('fits the anomalies on a 390x844 phone screen without horizontal scrolling', async () => {
    const phone = await harness.phone();
    const mobile = await phone.newPage();
    try {
      await mobile.goto(
        `${harness.service.url}/ui/model-performance/?machine=${ids.steel}&model_type=baseline#anomalies`,
      );
      await mobile.waitForSelector('body[data-ready=true]');
      await mobile.locator('#anomalies-list tbody tr').first().waitFor();
      const overflow = await mobile.evaluate<number>('document.documentElement.scrollWidth - innerWidth');
      expect(overflow).toBeLessThanOrEqual(0);
      await mobile.locator('#anomalies').scrollIntoViewIfNeeded();
      await mobile.screenshot({ path: join(ARTIFACTS, 'mobile-anomalies.png') });
    } finally {
      await phone.close();
    }
  });

  it('logged no script error and no CSP violation', () => {
    expect(harness.consoleProblems).toEqual([]);
  });
});
