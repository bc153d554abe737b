/**
 * What every browser test of the web page sets up: a fresh test database with the demo data, the
 * built service (dist/src/main.js) as a child process on it, Debian's Chromium driven by
 * playwright-core, a JSON client of the API, and the page's script errors collected.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, ConsoleMessage, Page } from 'playwright-core';
import { freshDatabase } from './fresh-database';
import { ServiceProcess, startServiceProcess } from './service-process';
import { API, createTestApp, DemoIds, ensureDemoData } from './test-app';
import { waitFor } from './wait';

const ROOT = join(__dirname, '..', '..');
export const ARTIFACTS = join(ROOT, 'test-artifacts', 'ui');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Polls a condition in the page from the test. (page.waitForFunction polls by eval inside the page
 * once its first check fails, and the page's CSP rightly forbids eval.)
 */
export function untilTrue(target: Page, expression: string, timeoutMs = 30_000): Promise<true> {
  return waitFor(
    expression,
    async () => ((await target.evaluate<boolean>(expression)) ? true : undefined),
    timeoutMs,
  );
}

export interface UiHarness {
  service: ServiceProcess;
  ids: DemoIds;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Script errors and CSP violations the page logged (a 404 answer is logged too: not counted). */
  consoleProblems: string[];
  /** A JSON request to the API; throws with the problem when the answer is not 2xx. */
  api(method: 'GET' | 'POST', path: string, body?: unknown): Promise<any>;
  /** A 390x844 phone context (the caller closes it). */
  phone(): Promise<BrowserContext>;
  close(): Promise<void>;
}

export async function startUiHarness(label: string): Promise<UiHarness> {
  for (const file of ['dist/src/main.js', 'dist/ui/index.html'])
    if (!existsSync(join(ROOT, file))) throw new Error(`${file} is missing: run npm run build first`);
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  mkdirSync(ARTIFACTS, { recursive: true });

  const database = await freshDatabase(label);
  const loader = await createTestApp(database.url);
  let ids: DemoIds;
  try {
    ids = await ensureDemoData(loader);
  } finally {
    await loader.close();
  }
  const service = await startServiceProcess({ DATABASE_URL: database.url });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const consoleProblems: string[] = [];
  page.on('pageerror', (error) => consoleProblems.push(`pageerror: ${error.message}`));
  page.on('console', (message: ConsoleMessage) => {
    // A 404 answer (no metrics yet) is logged by Chromium as a failed resource: that is expected.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      consoleProblems.push(message.text());
  });
  return {
    service,
    ids,
    browser,
    context,
    page,
    consoleProblems,
    async api(method, path, body) {
      const response = await fetch(`${service.url}${API}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = await response.json();
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
      return json;
    },
    phone: () =>
      browser.newContext({
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
      }),
    async close() {
      await browser.close();
      await service.stop();
      await database.drop();
    },
  };
}
