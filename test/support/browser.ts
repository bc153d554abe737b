/**
 * What the browser tests share: Debian's Chromium through playwright-core, a poll that works under
 * the page's CSP, the screenshots folder and a JSON client of the service under test.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium, ConsoleMessage, Page } from 'playwright-core';
import { API } from './test-app';
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

/** Fails at once when the build or the browser is missing, then starts a headless Chromium. */
export function launchChromium(): Promise<Browser> {
  for (const file of ['dist/src/main.js', 'dist/ui/index.html'])
    if (!existsSync(join(ROOT, file))) throw new Error(`${file} is missing: run npm run build first`);
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
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
}

/** Collects script errors and console errors (CSP violations among them) of a page into `problems`. */
export function recordConsoleProblems(page: Page, problems: string[]): void {
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message: ConsoleMessage) => {
    // A 4xx answer (no metrics yet, no active baseline) is logged by Chromium as a failed resource: that is expected.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      problems.push(message.text());
  });
}

/** A JSON call to the service at `base`; anything but 2xx fails the test with the answer. */
export function jsonClient(base: () => string) {
  return async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<any> => {
    const response = await fetch(`${base()}${API}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await response.json();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
}

/**
 * The browser's locale in every test: the page formats dates in it (Intl.DateTimeFormat), so the
 * tests fix it to read the same text on every machine.
 */
export const LOCALE = 'en-GB';

/** The desktop the tests and screenshots run on: 1280x800, downloads kept. */
export const DESKTOP = { viewport: { width: 1280, height: 800 }, acceptDownloads: true, locale: LOCALE };

/** The phone the screenshots are taken on: 390x844 at twice the pixels, touch. */
export const PHONE = {
  locale: LOCALE,
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};
