/**
 * The usual set-up of a browser test of the web page (test/support/browser.ts for its parts): a
 * fresh test database with the demo data, the built service (dist/src/main.js) as a child process
 * on it, a Chromium page at 1280x800 (locale en-GB) whose script errors are collected, and a JSON client of the API.
 */
import { Browser, BrowserContext, Page } from 'playwright-core';
import { DESKTOP, jsonClient, launchChromium, PHONE, recordConsoleProblems } from './browser';
import { freshDatabase } from './fresh-database';
import { ServiceProcess, startServiceProcess } from './service-process';
import { createTestApp, DemoIds, ensureDemoData } from './test-app';
import { waitFor } from './wait';

export { ARTIFACTS, untilTrue } from './browser';

export interface UiHarness {
  service: ServiceProcess;
  ids: DemoIds;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Script errors and CSP violations the page logged (a 4xx answer is logged too: not counted). */
  consoleProblems: string[];
  /** A JSON request to the API; throws with the problem when the answer is not 2xx. */
  api: ReturnType<typeof jsonClient>;
  /** A 390x844 phone context (the caller closes it). */
  phone(): Promise<BrowserContext>;
  close(): Promise<void>;
}

export async function startUiHarness(label: string): Promise<UiHarness> {
  const browser = await launchChromium();
  const database = await freshDatabase(label);
  const loader = await createTestApp(database.url);
  let ids: DemoIds;
  try {
    ids = await ensureDemoData(loader);
  } finally {
    await loader.close();
  }
  const service = await startServiceProcess({ DATABASE_URL: database.url });
  const context = await browser.newContext(DESKTOP);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const consoleProblems: string[] = [];
  recordConsoleProblems(page, consoleProblems);
  return {
    service,
    ids,
    browser,
    context,
    page,
    consoleProblems,
    api: jsonClient(() => service.url),
    phone: () => browser.newContext(PHONE),
    async close() {
      await browser.close();
      await service.stop();
      await database.drop();
    },
  };
}

/** Trains a model through the API and waits for its job to complete; answers the completed job. */
export async function trainThroughApi(
  api: UiHarness['api'],
  machine: string,
  modelType: string,
  hyperparameters?: Record<string, unknown>,
): Promise<{ model_id: string; model_version: number; training_status: string }> {
  const trigger = await api(
    'POST',
    `/retrain/trigger?machine_id=${machine}&model_type=${modelType}`,
    hyperparameters ? { hyperparameters } : {},
  );
  expect(trigger.triggered).toBe(true);
  const job = await waitFor(
    `training job ${trigger.training_job_id}`,
    async () => {
      const found = await api('GET', `/training/jobs/${trigger.training_job_id}`);
      return ['completed', 'failed'].includes(found.training_status) ? found : undefined;
    },
    180_000,
  );
  expect(job.training_status).toBe('completed');
  return job;
}
