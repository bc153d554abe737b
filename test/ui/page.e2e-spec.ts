/**
 * The web page in a real browser (Debian's Chromium driven by playwright-core) against the built
 * service (dist/src/main.js) running as a child process on a fresh test database with the demo
 * data. Each step is done through the page and asserts on what the page shows; screenshots (desktop
 * 1280x800 and mobile 390x844) go to test-artifacts/ui/.
 */
import { join } from 'node:path';
import { Page } from 'playwright-core';
import { DemoIds } from '../support/test-app';
import { ARTIFACTS, startUiHarness, UiHarness, untilTrue } from '../support/ui-page';
import { waitFor } from '../support/wait';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
const PINNED = {
  interval: 'day',
  features: ['hdd_15_5'],
  training_start: '2013-01-01',
  training_end: '2014-12-31',
};

jest.setTimeout(240_000);

describe('web page /ui/model-performance (Chromium)', () => {
  let harness: UiHarness;
  let service: UiHarness['service'];
  let ids: DemoIds;
  let page: Page;
  let consoleProblems: string[];
  const api = (method: 'GET' | 'POST', path: string, body?: unknown) => harness.api(method, path, body);
  const gasQuery = () => `machine_id=${ids.b40Gas}&model_type=baseline`;
  const toast = (text: string | RegExp) => page.locator('#toasts .toast', { hasText: text });

  beforeAll(async () => {
    harness = await startUiHarness('ui');
    ({ service, ids, page, consoleProblems } = harness);
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('redirects / to the page and serves every asset locally, under a CSP without inline scripts', async () => {
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    const response = await page.goto(`${service.url}/`);
    expect(page.url()).toBe(`${service.url}/ui/model-performance/`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await expect(page.locator('h1').textContent()).resolves.toBe('Model performance');
    await page.waitForSelector('body[data-ready=true]');
    expect(requested.filter((url) => !url.startsWith(service.url) && !url.startsWith('data:'))).toEqual([]);
  });

  it('lists the machines and shows the empty states of a machine without a model', async () => {
    const options = await page.locator('#machine option').allTextContents();
    expect(options).toEqual(
      expect.arrayContaining([
        'Building b40 gas boiler',
        'Building b40 electricity',
        'Steel plant main feeder',
      ]),
    );
    await page.getByLabel('Machine').selectOption({ label: 'Building b40 gas boiler' });
    await page.getByLabel('Model type').selectOption('baseline');
    await untilTrue(page, "location.search.includes('model_type=baseline')");
    await page.waitForSelector('body[data-ready=true]');
    await expect(page.locator('#machine-hint').textContent()).resolves.toContain('data to 31 Dec 2015');
    await page.locator('[data-card=version] .empty', { hasText: 'No active version' }).waitFor();
    await page.locator('[data-card=latest] .empty', { hasText: 'No metrics yet: train a model' }).waitFor();
    await page.locator('#jobs .empty', { hasText: 'No training yet' }).waitFor();
    await page.locator('#chart-error .empty', { hasText: 'No metrics yet' }).waitFor();
  });

  it('triggers a baseline retrain (confirm dialog, toast with the job id) and sees it complete live', async () => {
    await page.evaluate('window.__sameDocument = true');
    await page.locator('#live-status[data-state=live]').waitFor();
    await page.getByRole('button', { name: 'Retrain…' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('heading').textContent()).resolves.toContain('Building b40 gas boiler');
    await dialog.getByLabel('Reason').fill('ui test');
    await dialog.getByText('Pin the training (optional)').click();
    await dialog.getByLabel('Interval').selectOption('day');
    await dialog.getByLabel('Features (comma-separated)').fill(PINNED.features.join(', '));
    await dialog.getByLabel('Training from').fill(PINNED.training_start);
    await dialog.getByLabel('Training to').fill(PINNED.training_end);
    await dialog.getByRole('button', { name: 'Retrain', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });

    const started = toast('Retraining started: job');
    await started.waitFor();
    const jobId = UUID.exec((await started.textContent()) ?? '')![0];
    const row = page.locator(`#jobs tr[data-job-id="${jobId}"]`);
    await row.waitFor();
    await page
      .locator(`#jobs tr[data-job-id="${jobId}"][data-status=completed]`)
      .waitFor({ timeout: 60_000 });
    await expect(row.locator('td').nth(4).textContent()).resolves.toBe('v1');
    await expect(row.locator('td').nth(5).textContent()).resolves.toBe('manual');
    await expect(row.locator('progress').getAttribute('value')).resolves.toBe('100');
    await expect(row.locator('td').nth(3).textContent()).resolves.toMatch(/^\d+(\.\d)? s$/);
    await toast('Training completed: version v1').waitFor();
    // Updated from the event stream, not by reloading the page.
    expect(await page.evaluate('window.__sameDocument')).toBe(true);
    await page.locator('[data-card=version] .big', { hasText: 'v1' }).waitFor();
    await page.locator('[data-card=g14] .badge').waitFor();
    await page.locator('#versions-list tr[data-version="1"]', { hasText: 'active' }).waitFor();
    // The savings section follows the activation: v1 is its baseline now, no "no active baseline".
    await page
      .locator('#savings-form select[name=model_id] option:checked', { hasText: /^v1 .*\(active\)$/ })
      .waitFor({ state: 'attached' });
    await page.locator('#savings-result [data-field=band]').waitFor();
  });

  it('evaluates 2015 months and draws the trend with the Guideline 14 limit', async () => {
    // Set-up through the API: three monthly windows; the fourth is evaluated through the page.
    for (const [start, end] of [
      ['2015-01-01', '2015-02-01'],
      ['2015-03-01', '2015-04-01'],
      ['2015-06-01', '2015-07-01'],
    ])
      await api('POST', `/metrics/evaluate?${gasQuery()}&start=${start}T00:00:00Z&end=${end}T00:00:00Z`);
    const form = page.locator('#evaluate-form');
    await form.getByLabel('From').fill('2015-09-01');
    await form.getByLabel('To (inclusive)').fill('2015-09-30');
    await form.getByRole('button', { name: 'Evaluate' }).click();
    await toast(/Evaluated v\d: R² /).waitFor();

    // The assertion is this wait (it fails when it times out): both charts draw the same evaluations,
    // at least the training hold-out and the 4 months. They re-render one after the other, hence together.
    const chartPoints = `['#chart-error', '#chart-r2'].map((id) => Number(document.querySelector(id)?.getAttribute('data-points')))`;
    await untilTrue(page, `(([error, r2]) => error >= 5 && error === r2)(${chartPoints})`); // hold-out + 4 months
    await expect(page.locator('#chart-error canvas').isVisible()).resolves.toBe(true);
    await expect(page.locator('#chart-error figcaption').textContent()).resolves.toContain(
      'Guideline 14 limit 15 %',
    );
    await expect(page.locator('#chart-error .u-legend').textContent()).resolves.toContain(
      'Guideline 14 limit',
    );
    await expect(page.locator('#trend-summary').textContent()).resolves.toMatch(/^\d+ evaluations · trend /);
    await page.locator('[data-card=latest] dl').waitFor();
    // Expected vs actual with its CUSUM: the page's period, by default the last full year of data, per day.
    expect(Number(await page.locator('#chart-energy').getAttribute('data-points'))).toBe(365);
    await expect(page.locator('#predictions-summary').textContent()).resolves.toMatch(
      /365 days of 365 intervals, actual − expected = /,
    );
  });

  it('runs a drift check and shows each test with its statistic, threshold and verdict', async () => {
    await page.getByRole('button', { name: 'Run drift check' }).click();
    const rows = page.locator('#drift-result tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThanOrEqual(3);
    const first = await rows.first().locator('td').allTextContents();
    expect(first).toHaveLength(7);
    expect(first[3]).toMatch(/\d/);
    expect(first[4]).toMatch(/\d/);
    expect(['drift', 'ok']).toContain(first[5]);
    expect(first[6]).toMatch(/\S\.$/); // the sentence explaining the test
    await expect(page.locator('#drift-result .verdict').textContent()).resolves.toMatch(
      /(Drift detected|No drift) v\d · score /,
    );
  });

  it('acknowledges an open alert with notes', async () => {
    // The evaluations and the drift check above raise the alert this step acknowledges.
    const open: any[] = await waitFor(
      'an alert opened by the evaluations or the drift check',
      async () => {
        const alerts: any[] = await api('GET', `/alerts/active?${gasQuery()}`);
        return alerts.length ? alerts : undefined;
      },
      10_000,
    );
    await page.locator('#alert-filters').getByLabel('Show').selectOption('unacknowledged');
    const target = open.find((alert) => !alert.acknowledged_at) ?? open[0];
    const row = page.locator(`#alerts-list tr[data-alert-id="${target.id}"]`);
    await row.waitFor();
    await expect(page.locator('[data-card=alerts] .big').textContent()).resolves.toBe(String(open.length));
    await row.getByRole('button', { name: /^Acknowledge/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Your name (optional)').fill('ui-test');
    await dialog.getByLabel('Notes (optional)').fill('Looking at the boiler meter');
    await dialog.getByRole('button', { name: 'Acknowledge' }).click();
    await toast('Alert acknowledged').waitFor();
    // The filter shows unacknowledged alerts only: the row leaves the list.
    await row.waitFor({ state: 'detached' });
    await page.locator('#alert-filters').getByLabel('Show').selectOption('acknowledged');
    await expect(row.locator('.alert-state').textContent()).resolves.toMatch(
      /^acknowledged .* by anonymous \(as ui-test\)$/,
    );
    const stored = await api('GET', `/alerts/${target.id}`);
    expect(stored.acknowledged_by).toBe('anonymous (as ui-test)');
  });

  it('starts an A/B test of two versions and opens its results', async () => {
    // Set-up: a second version (a one-year training window), trained through the API.
    const versions = await api('GET', `/models?${gasQuery()}`);
    if (versions.total < 2) {
      const trigger = await api('POST', `/retrain/trigger?${gasQuery()}`, {
        hyperparameters: { ...PINNED, training_start: '2014-01-01' },
      });
      expect(trigger.triggered).toBe(true);
    }
    // The page hears the job finish and refreshes the version pickers.
    await untilTrue(
      page,
      "document.querySelectorAll('#ab-form select[name=model_a_id] option').length >= 2",
      60_000,
    );
    const form = page.locator('#ab-form');
    await form.getByLabel('Name').fill('ui test: active vs challenger');
    await form.getByLabel('Start (optional)').fill('2015-01-01');
    await form.getByLabel('Hours').fill('8760');
    const a = await form.getByLabel('Version A').inputValue();
    const b = await form.getByLabel('Version B').inputValue();
    expect(a).not.toBe(b);
    await form.getByRole('button', { name: 'Start A/B test' }).click();
    await toast(/A\/B test started\. Will run for \d+ hours: v\d+ \(50 %\) against v\d+/).waitFor();

    const row = page.locator('#ab-list tr', { hasText: 'ui test: active vs challenger' });
    await row.waitFor();
    await expect(row.locator('.badge').textContent()).resolves.toBe('running');
    await row.getByRole('button', { name: 'Results' }).click();
    const results = page.locator('#ab-results article.results');
    await results.waitFor();
    await expect(results.locator('h3').textContent()).resolves.toBe('Results: ui test: active vs challenger');
    await expect(results.locator('.recommendation').textContent()).resolves.toMatch(/\S/);
    await expect(results.locator('.verdict').textContent()).resolves.toMatch(
      /(Winner: [AB] \(v\d+\)|No winner) \d+ paired intervals/,
    );
    const rmse = await results
      .locator('tbody tr', { hasText: 'RMSE' })
      .first()
      .locator('td')
      .allTextContents();
    expect(rmse).toHaveLength(2);
    for (const value of rmse) expect(value).toMatch(/^[\d,]+(\.\d)?$/);
    await expect(results.locator('[data-field=p_value]').textContent()).resolves.not.toBe('–');
    await expect(results.locator('[data-field=ci]').textContent()).resolves.toMatch(/\[.*, .*\]/);
    await results.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'desktop-ab-results.png') });
    // The overview at the top of the page, without the toasts, then the whole page.
    await page.evaluate(
      "document.querySelectorAll('#toasts .toast').forEach((t) => t.remove()); scrollTo(0, 0)",
    );
    await page.screenshot({ path: join(ARTIFACTS, 'desktop-1280x800.png') });
    await page.screenshot({ path: join(ARTIFACTS, 'desktop-full.png'), fullPage: true });
  });

  it('is usable with the keyboard: Escape closes a dialog and gives focus back', async () => {
    const retrain = page.getByRole('button', { name: 'Retrain…' });
    await retrain.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await expect(page.evaluate("document.activeElement?.getAttribute('name')")).resolves.toBe('reason');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await expect(page.evaluate('document.activeElement?.id')).resolves.toBe('retrain');
  });

  it('fits a 390x844 phone screen without horizontal scrolling', async () => {
    const phone = await harness.phone();
    const mobile = await phone.newPage();
    const pending = new Set<string>();
    mobile.on('request', (r) => pending.add(r.url()));
    mobile.on('requestfinished', (r) => pending.delete(r.url()));
    mobile.on('requestfailed', (r) => pending.delete(r.url()));
    try {
      await mobile.goto(`${service.url}/ui/model-performance/?machine=${ids.b40Gas}&model_type=baseline`);
      await mobile.waitForSelector('body[data-ready=true]').catch((error: Error) => {
        // Name the requests still open when the page did not get ready (the event stream stays open).
        throw new Error(`${error.message}\nstill pending: ${[...pending].join(', ')}`);
      });
      await untilTrue(
        mobile,
        "Number(document.querySelector('#chart-error')?.getAttribute('data-points')) > 0",
      );
      await expect(mobile.locator('#machine').inputValue()).resolves.toBe(ids.b40Gas);
      const overflow = await mobile.evaluate<number>('document.documentElement.scrollWidth - innerWidth');
      expect(overflow).toBeLessThanOrEqual(0);
      await mobile.screenshot({ path: join(ARTIFACTS, 'mobile-390x844.png') });
      await mobile.screenshot({ path: join(ARTIFACTS, 'mobile-full.png'), fullPage: true });
    } finally {
      await phone.close();
    }
  });

  it('logged no script error and no CSP violation', () => {
    expect(consoleProblems).toEqual([]);
  });
});
