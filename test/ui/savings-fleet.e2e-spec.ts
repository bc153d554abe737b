/**
 * The savings report, the fleet table and the actions no browser test did before (resolve an
 * alert, cancel a training job, conclude an A/B test, roll back a version), in a real Chromium
 * against the built service on a fresh database with the demo data. The state each flow needs is
 * set up through the API; the flow itself is done through the page, then checked both on the page
 * and in the API's answer. The service runs as the API role with a separate worker process, so the
 * cancel flow can stop the worker and meet a job that stays pending. Screenshots at 1280x800 and
 * 390x844 go to test-artifacts/ui/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import {
  ARTIFACTS,
  DESKTOP,
  jsonClient,
  launchChromium,
  PHONE,
  recordConsoleProblems,
  untilTrue,
} from '../support/browser';
import { freshDatabase } from '../support/fresh-database';
import { ServiceProcess, startServiceProcess } from '../support/service-process';
import { createTestApp, DemoIds, ensureDemoData } from '../support/test-app';
import { waitFor } from '../support/wait';

jest.setTimeout(300_000);

/** The page's number formats (src/ui/web/src/sections/savings.ts), to compare API values with what it shows. */
const wholeKwh = (value: number) => `${Math.round(value).toLocaleString('en-GB')} kWh`;

describe('savings, fleet and the alert, job, A/B test and version actions (Chromium)', () => {
  let database: { url: string; drop: () => Promise<void> };
  let service: ServiceProcess;
  let worker: ServiceProcess | null = null;
  let ids: DemoIds;
  let browser: Browser;
  let desktop: BrowserContext;
  let page: Page;
  const consoleProblems: string[] = [];
  const versions: { ols?: string; caltrack?: string } = {};

  const api = jsonClient(() => service.url);
  const gas = () => `machine_id=${ids.b40Gas}&model_type=baseline`;
  const toast = (text: string | RegExp) => page.locator('#toasts .toast', { hasText: text });
  const train = async (hyperparameters: object): Promise<string> => {
    const trigger = await api('POST', `/retrain/trigger?${gas()}`, { hyperparameters });
    const job = await waitFor(
      `training job ${trigger.training_job_id}`,
      async () => {
        const current = await api('GET', `/training/jobs/${trigger.training_job_id}`);
        return ['completed', 'failed', 'cancelled'].includes(current.training_status) ? current : undefined;
      },
      240_000,
    );
    expect({ status: job.training_status, error: job.error_message }).toEqual({
      status: 'completed',
      error: null,
    });
    return job.model_id as string;
  };
  /** Opens the page on a machine and model type and waits until every section has loaded. */
  const openPage = async (target: Page, machineId: string, modelType = 'baseline') => {
    await target.goto(`${service.url}/ui/model-performance/?machine=${machineId}&model_type=${modelType}`);
    await target.waitForSelector('body[data-ready=true]');
  };
  /** Both screenshots of a flow: this page at 1280x800 and the same view on a phone. */
  const screenshots = async (
    name: string,
    section: string,
    options: { modelType?: string; ready?: string } = {},
  ) => {
    await page.evaluate("document.querySelectorAll('#toasts .toast').forEach((t) => t.remove())");
    await page.locator(section).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, `${name}-desktop.png`) });
    const phone = await browser.newContext(PHONE);
    try {
      const mobile = await phone.newPage();
      await openPage(mobile, ids.b40Gas, options.modelType);
      if (options.ready) await mobile.locator(options.ready).first().waitFor();
      await mobile.locator(section).scrollIntoViewIfNeeded();
      const overflow = await mobile.evaluate<number>('document.documentElement.scrollWidth - innerWidth');
      expect(overflow).toBeLessThanOrEqual(0);
      await mobile.screenshot({ path: join(ARTIFACTS, `${name}-mobile.png`) });
    } finally {
      await phone.close();
    }
  };

  beforeAll(async () => {
    database = await freshDatabase('ui_savings');
    const loader = await createTestApp(database.url);
    try {
      ids = await ensureDemoData(loader);
    } finally {
      await loader.close();
    }
    service = await startServiceProcess({ DATABASE_URL: database.url, APP_ROLE: 'api' });
    worker = await startServiceProcess({ DATABASE_URL: database.url, APP_ROLE: 'worker' });
    // v1: the daily OLS baseline the other page test trains; its 2015 evaluations raise alerts.
    versions.ols = await train({
      interval: 'day',
      features: ['hdd_15_5'],
      training_start: '2013-01-01',
      training_end: '2014-12-31',
    });
    for (const [start, end] of [
      ['2015-01-01', '2015-02-01'],
      ['2015-06-01', '2015-07-01'],
    ])
      await api('POST', `/metrics/evaluate?${gas()}&start=${start}T00:00:00Z&end=${end}T00:00:00Z`);
    // v2: a CalTRACK daily baseline fitted on 2014, as test/savings does, made the active one.
    versions.caltrack = await train({
      algorithm: 'caltrack_daily',
      training_start: '2014-01-01',
      training_end: '2014-12-31',
      validation_start: '2015-01-01',
      validation_end: '2015-12-31',
    });
    const v2 = await api('GET', `/models/${versions.caltrack}`);
    if (v2.status !== 'active')
      await api('POST', `/models/${versions.caltrack}/activate`, { reason: 'ui test: CalTRACK baseline' });

    browser = await launchChromium();
    desktop = await browser.newContext(DESKTOP);
    page = await desktop.newPage();
    page.setDefaultTimeout(30_000);
    recordConsoleProblems(page, consoleProblems);
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await service?.stop();
    await database?.drop();
  });

  it('shows the savings of b40 gas in 2015 against the active CalTRACK baseline, as the API reports them', async () => {
    await openPage(page, ids.b40Gas);
    const form = page.locator('#savings-form');
    // Defaults: the active baseline, the page's period (the last full calendar year of the data), 90 %.
    await expect(form.getByLabel('Baseline').inputValue()).resolves.toBe(versions.caltrack);
    const period = page.locator('#range-form');
    await expect(period.getByLabel('From').inputValue()).resolves.toBe('2015-01-01');
    await expect(period.getByLabel('To (inclusive)').inputValue()).resolves.toBe('2015-12-31');
    await expect(form.getByLabel('Confidence (%)').inputValue()).resolves.toBe('90');

    const report = await api(
      'GET',
      `/savings?machine_id=${ids.b40Gas}&reporting_start=2015-01-01T00:00:00Z&reporting_end=2016-01-01T00:00:00Z`,
    );
    expect(report.model_id).toBe(versions.caltrack);
    const avoided = page.locator('#savings-result [data-field=avoided-kwh]');
    await avoided.waitFor();
    await expect(avoided.textContent()).resolves.toBe(wholeKwh(report.totals.avoided_kwh));
    await expect(page.locator('#savings-result [data-field=metered-kwh]').textContent()).resolves.toBe(
      wholeKwh(report.totals.metered_kwh),
    );
    await expect(page.locator('#savings-result [data-field=counterfactual-kwh]').textContent()).resolves.toBe(
      wholeKwh(report.totals.counterfactual_kwh),
    );
    const band = page.locator('#savings-result [data-field=band]');
    await expect(band.textContent()).resolves.toMatch(/^-?\d+\.\d\d [MG]Wh ± \d+\.\d\d [MG]Wh at 90 %/);
    expect(await page.locator('#savings-months tbody tr').count()).toBe(12);
    expect(Number(await page.locator('#chart-savings').getAttribute('data-points'))).toBe(12);
    await screenshots('savings-report', '#savings', { ready: '#savings-months tbody tr' });

    // A wider confidence through the form widens the band the page shows.
    const before = await band.textContent();
    await form.getByLabel('Confidence (%)').fill('95');
    await form.getByRole('button', { name: 'Show savings' }).click();
    await untilTrue(
      page,
      "document.querySelector('#savings-result [data-field=band]')?.textContent.includes('at 95 %')",
    );
    const widened = await api(
      'GET',
      `/savings?machine_id=${ids.b40Gas}&reporting_start=2015-01-01T00:00:00Z&reporting_end=2016-01-01T00:00:00Z&confidence_level=0.95`,
    );
    expect(widened.uncertainty.fsu_band_kwh).toBeGreaterThan(report.uncertainty.fsu_band_kwh);
    expect(await band.textContent()).not.toBe(before);
  });

  it('downloads the report as a PDF file named after the machine and the period', async () => {
    const download = page.waitForEvent('download', { timeout: 30_000 });
    await page.getByRole('button', { name: 'Download PDF' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('Building-b40-gas-boiler_savings_2015-01-01_2015-12-31.pdf');
    const bytes = readFileSync(await file.path());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('lists every machine and model type, sorts by a column, fills savings this year and opens a row', async () => {
    const fleet = await api('GET', '/fleet?limit=500');
    const rows = page.locator('#fleet-table tbody tr');
    await untilTrue(page, `document.querySelectorAll('#fleet-table tbody tr').length === ${fleet.total}`);
    const keys = () => rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-key')));
    expect(await keys()).toEqual(fleet.items.map((row: any) => `${row.machine.id}/${row.model_type}`));

    const machineHeader = page.locator('#fleet-table th', { hasText: 'Machine' });
    await machineHeader.getByRole('button').click();
    await expect(machineHeader.getAttribute('aria-sort')).resolves.toBe('ascending');
    await machineHeader.getByRole('button').click();
    await expect(machineHeader.getAttribute('aria-sort')).resolves.toBe('descending');
    const names = await page.locator('#fleet-table tbody td[data-column=Machine]').allTextContents();
    expect(names).toEqual([...names].sort((a, b) => b.localeCompare(a)));
    expect(await keys()).not.toEqual(fleet.items.map((row: any) => `${row.machine.id}/${row.model_type}`));
    const alertsHeader = page.locator('#fleet-table th', { hasText: 'Open alerts' });
    await alertsHeader.getByRole('button').click();
    await expect(alertsHeader.getAttribute('aria-sort')).resolves.toBe('ascending');
    await expect(machineHeader.getAttribute('aria-sort')).resolves.toBe('none');
    const counts = (
      await page.locator('#fleet-table tbody td[data-column="Open alerts"]').allTextContents()
    ).map(Number);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(counts.some((n) => n > 0)).toBe(true);

    // Savings this year: year to date of the last reading (2015) against the active baseline.
    await page.locator('#fleet-list[data-savings=done]').waitFor({ timeout: 120_000 });
    const ytd = await api('GET', `/savings?machine_id=${ids.b40Gas}&reporting_start=2015-01-01T00:00:00Z`);
    const gasRow = page.locator(`#fleet-table tr[data-key="${ids.b40Gas}/baseline"]`);
    const shown = await gasRow.locator('td[data-column="Savings this year"]').textContent();
    const gwh = (ytd.totals.avoided_kwh / 1e6).toLocaleString('en-GB', {
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    });
    expect(shown).toContain(`${gwh} GWh`);
    await expect(
      page
        .locator(`#fleet-table tr[data-key="${ids.b40Gas}/anomaly"] td[data-column="Savings this year"]`)
        .textContent(),
    ).resolves.toBe('–');
    await screenshots('fleet', '#fleet', { ready: '#fleet-table' });

    await page.locator(`#fleet-table button[data-open="${ids.steel}/forecast_arima"]`).click();
    await untilTrue(
      page,
      `location.search.includes('machine=${ids.steel}') && location.search.includes('model_type=forecast_arima')`,
    );
    await expect(page.locator('#machine').inputValue()).resolves.toBe(ids.steel);
    await expect(page.locator('#model-type').inputValue()).resolves.toBe('forecast_arima');
    await page.waitForSelector('body[data-ready=true]');
    await untilTrue(page, "Math.abs(document.querySelector('#overview').getBoundingClientRect().top) < 200");
  });

  it('resolves an open alert through the page', async () => {
    const open: any[] = await api('GET', `/alerts/active?${gas()}`);
    expect(open.length).toBeGreaterThan(0);
    const target = open[0];
    await openPage(page, ids.b40Gas);
    const row = page.locator(`#alerts-list tr[data-alert-id="${target.id}"]`);
    await row.waitFor();
    await row.getByRole('button', { name: /^Resolve/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('What was done').selectOption('false_alarm');
    await dialog.getByLabel('Your name (optional)').fill('ui-test');
    await dialog.getByLabel('Notes (optional)').fill('The meter was swapped that month');
    await dialog.getByRole('button', { name: 'Resolve' }).click();
    await toast('Alert resolved').waitFor();
    // The list shows open alerts: the row leaves it, and the overview counts one fewer.
    await row.waitFor({ state: 'detached' });
    await expect(page.locator('[data-card=alerts] .big').textContent()).resolves.toBe(
      String(open.length - 1),
    );
    const stored = await api('GET', `/alerts/${target.id}`);
    expect(stored).toMatchObject({ is_resolved: true, resolution_action: 'false_alarm' });
    expect(stored.resolved_by).toContain('ui-test');
    await page.locator('#alert-filters').getByLabel('Show').selectOption('resolved');
    await expect(row.locator('.alert-state').textContent()).resolves.toBe('resolved (false alarm)');
    await screenshots('alert-resolved', '#alerts');
  });

  it('concludes a running A/B test through the page', async () => {
    const started = await api(
      'POST',
      `/ab-test/start?${gas()}&test_name=ui%20conclude&model_a_id=${versions.caltrack}&model_b_id=${versions.ols}&test_start=2015-01-01T00:00:00Z&duration_hours=8760`,
    );
    await openPage(page, ids.b40Gas);
    const row = page.locator('#ab-list tr', { hasText: 'ui conclude' });
    await row.waitFor();
    await expect(row.locator('.badge').textContent()).resolves.toBe('running');
    await row.getByRole('button', { name: 'Conclude' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Decision').selectOption('no_winner');
    await dialog.getByLabel('Notes (optional)').fill('Too close to call');
    await dialog.getByRole('button', { name: 'Conclude' }).click();
    await toast('A/B test concluded: no winner').waitFor();
    await untilTrue(
      page,
      "[...document.querySelectorAll('#ab-list tr')].some((tr) => tr.textContent.includes('ui conclude') && !tr.querySelector('.badge')?.textContent.includes('running'))",
    );
    const stored = await api('GET', `/ab-tests/${started.test_id}`);
    expect(stored.test_status).not.toBe('running');
    expect(stored.decision).toBe('no_winner');
    await expect(row.getByRole('button', { name: 'Conclude' }).count()).resolves.toBe(0);
    // No winner: the active version stays.
    expect((await api('GET', `/models/${versions.caltrack}`)).status).toBe('active');
    await screenshots('ab-concluded', '#ab-tests');
  });

  it('rolls back to the earlier version through the page', async () => {
    await openPage(page, ids.b40Gas);
    const v1 = await api('GET', `/models/${versions.ols}`);
    const row = page.locator(`#versions-list tr[data-version="${v1.version}"]`);
    await row.getByRole('button', { name: `Roll back to v${v1.version}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Reason').fill('ui test: back to the OLS baseline');
    await dialog.getByRole('button', { name: `Activate v${v1.version}` }).click();
    await toast(`v${v1.version} is active`).waitFor();
    await row.locator('.badge', { hasText: 'active' }).waitFor();
    await page.locator('[data-card=version] .big', { hasText: `v${v1.version}` }).waitFor();
    expect((await api('GET', `/models/${versions.ols}`)).status).toBe('active');
    expect((await api('GET', `/models/${versions.caltrack}`)).status).not.toBe('active');
    await screenshots('version-rolled-back', '#versions');
  });

  it('cancels a pending training job through the page', async () => {
    // Without a worker the job stays pending until it is cancelled.
    await worker!.stop();
    worker = null;
    const trigger = await api('POST', `/retrain/trigger?machine_id=${ids.b40Gas}&model_type=forecast_arima`, {
      hyperparameters: { horizon: 24 },
    });
    expect(trigger.triggered).toBe(true);
    await openPage(page, ids.b40Gas, 'forecast_arima');
    const row = page.locator(`#jobs tr[data-job-id="${trigger.training_job_id}"]`);
    await row.waitFor();
    await expect(row.getAttribute('data-status')).resolves.toBe('pending');
    await row.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel the job' }).click();
    await toast('Cancellation requested').waitFor();
    await page.locator(`#jobs tr[data-job-id="${trigger.training_job_id}"][data-status=cancelled]`).waitFor();
    await expect(row.getByRole('button', { name: 'Cancel' }).count()).resolves.toBe(0);
    const job = await api('GET', `/training/jobs/${trigger.training_job_id}`);
    expect(job).toMatchObject({ training_status: 'cancelled', model_id: null });
    await screenshots('training-cancelled', '#training', { modelType: 'forecast_arima' });
  });

  it('logged no script error and no CSP violation', () => {
    expect(consoleProblems).toEqual([]);
  });
});
