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
