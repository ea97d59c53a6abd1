import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Where tests write their screenshots (`test-output/screenshots/`, ignored by git). */
const SCREENSHOT_DIR = resolve(__dirname, '..', '..', '..', 'test-output', 'screenshots');

/** Debian's Chromium; never a browser downloaded by a test tool. `.ci/run` installs it. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface TestBrowser {
  browser: Browser;
  /** A new page with a laptop-sized viewport, dark colour scheme as at 3 a.m. */
  newPage(options?: { colorScheme?: 'dark' | 'light'; width?: number }): Promise<Page>;
  /** Writes `<name>.png` under the screenshot folder and returns its path. */
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Launches headless Chromium the way this machine allows: no sandbox (root), no GPU, and no
 * background networking (the closed network refuses it); Playwright gives each launch a fresh profile.
 */
async function launchBrowser(): Promise<TestBrowser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    browser,
    async newPage(options = {}) {
      const context = await browser.newContext({ viewport: { width: options.width ?? 1366, height: 900 }, colorScheme: options.colorScheme ?? 'dark' });
      return context.newPage();
    },
    async screenshot(page, name) {
      const path = join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    async close() {
      await browser.close();
    },
  };
}

export { launchBrowser, SCREENSHOT_DIR };
export type { TestBrowser };
