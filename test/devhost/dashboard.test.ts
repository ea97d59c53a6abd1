import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, type TestBrowser } from '../helpers/browser';
import { repoRoot } from '../helpers/devhostProcess';

/** How many scenarios the demo fires: one investigation each. */
const SCENARIOS = readdirSync(join(repoRoot, 'scenarios'), { withFileTypes: true }).filter((d) => d.isDirectory() && /^\d\d_/.test(d.name)).length;

/** Starts `npm run demo` (compiled) without --once and resolves with the dashboard URL it prints. */
function startDemo(): Promise<{ child: ChildProcess; dashboardUrl: string; output: () => string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DEVHOST_LOG_LEVEL: 'error' };
  delete env.ANTHROPIC_API_KEY;
  delete env.AzureWebJobsStorage;
  delete env.TELEMETRY_WORKSPACES;
  // Its previews go to a folder of its own: demo.test.ts reads .devhost/demo while this runs.
  const out = mkdtempSync(join(tmpdir(), 'dashboard-demo-'));
  const child = spawn(process.execPath, [join(repoRoot, 'dist', 'devhost', 'demo.js'), '--port', '0', '--out', out], { cwd: repoRoot, env });
  let stdout = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', () => undefined);
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const found = /^Dashboard: (\S+)/m.exec(stdout);
      if (found) resolve({ child, dashboardUrl: found[1]!, output: () => stdout });
    });
    child.on('exit', (code) => reject(new Error(`the demo exited (${code}) before printing the dashboard URL:\n${stdout}`)));
  });
}

/** The rows of the investigations table as {id, phase, verdict} read from the page. */
async function listRows(page: Page): Promise<Array<{ id: string; text: string }>> {
  const rows = page.locator('#investigations tbody tr');
  const count = await rows.count();
  const out: Array<{ id: string; text: string }> = [];
  for (let i = 0; i < count; i++) out.push({ id: (await rows.nth(i).getAttribute('data-id')) ?? '', text: await rows.nth(i).innerText() });
  return out;
}

describe('the dashboard in Chromium, over the demo stack', () => {
  let demo: Awaited<ReturnType<typeof startDemo>>;
  let browser: TestBrowser;

  beforeAll(async () => {
    if (!existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) throw new Error('Debian chromium is not installed (apt-get install chromium); .ci/run installs it');
    [demo, browser] = await Promise.all([startDemo(), launchBrowser()]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    demo?.child.kill('SIGINT');
    await new Promise((done) => (demo?.child.exitCode !== null ? done(undefined) : demo.child.once('exit', done)));
  });

  it('lists the investigations live while the demo runs them, then shows one with its hypotheses, evidence and timeline', async () => {
    // Prepare
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('response', (response) => response.status() >= 400 && errors.push(`${response.status()} ${response.url()}`));

    // Act: open the list while the alerts are being fired, and watch it
    await page.goto(demo.dashboardUrl);
    const seen: string[][] = [];
    const deadline = Date.now() + 150_000;
    let rows: Array<{ id: string; text: string }> = [];
    while (Date.now() < deadline) {
      rows = await listRows(page);
      seen.push(rows.map((r) => r.text));
      if (rows.length >= SCENARIOS && rows.every((r) => /completed|monitoring|resolved/.test(r.text) && /%/.test(r.text))) break;
      await page.waitForTimeout(500);
    }
    await browser.screenshot(page, 'investigations');

    // Assess: the page changed by itself (a row in progress, later every row with a verdict)
    // one per scenario, and the demo's scheduled run once it has started
    expect(rows.length).toBeGreaterThanOrEqual(SCENARIOS);
    expect(seen.some((snapshot) => snapshot.length < SCENARIOS || snapshot.some((text) => /in progress/.test(text)))).toBe(true);
    expect(rows.every((r) => /%/.test(r.text))).toBe(true);
    // no horizontal scrolling on a laptop
    expect(await page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth')).toBe(true);

    // Act: open the bad-deployment investigation from the list with the keyboard
    const target = rows.find((r) => /deploy|5xx|http/i.test(r.text)) ?? rows[0]!;
    await page.focus(`tr[data-id="${target.id}"] a`);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#hypotheses tbody tr');
    await page.waitForSelector('#evidence .evidence');
    await browser.screenshot(page, 'investigation');

    // Assess: hypotheses with verdicts, evidence with the exact query and an excerpt, a timeline
    expect(new URL(page.url()).pathname).toBe(`/api/dashboard/investigations/${encodeURIComponent(target.id)}`);
    const verdicts = await page.$$eval('#hypotheses tbody tr .pill', (pills) => pills.map((p) => p.textContent));
    expect(verdicts.length).toBeGreaterThan(0);
    expect(verdicts.every((v) => ['supported', 'refuted', 'inconclusive'].includes(v ?? ''))).toBe(true);
    expect(await page.$eval('#evidence .evidence pre.query', (pre) => pre.textContent?.length ?? 0)).toBeGreaterThan(10);
    expect(await page.$$eval('#timeline circle', (dots) => dots.length)).toBeGreaterThan(1);
    expect(await page.locator('#report').innerText()).toMatch(/Root cause/);
    expect(errors).toEqual([]);

    // Act + Assess: the incidents page lists what was received, each linked to its investigation
    await page.click('[data-nav="incidents"]');
    await page.waitForSelector('#incidents tbody tr');
    expect(await page.$$eval('#incidents tbody tr', (r) => r.length)).toBeGreaterThanOrEqual(SCENARIOS);
    await browser.screenshot(page, 'incidents');

    // Act + Assess: the tasks page lists the bundled scheduled tasks with their schedule and state
    await page.click('[data-nav="tasks"]');
    await page.waitForSelector('article[data-task="shop-daily-health"]');
    expect(await page.locator('article[data-task="shop-daily-health"]').innerText()).toMatch(/Schedule[\s\S]*\(UTC\)/);
    await browser.screenshot(page, 'tasks');

    // Act + Assess: light mode renders too (and is what the toggle switches to from dark)
    await page.click('#theme');
    expect(await page.evaluate('document.documentElement.dataset.theme')).toBe('light');
  }, 240_000);

  it('answers a page without a key with 401 and serves no file outside its assets', async () => {
    const origin = new URL(demo.dashboardUrl).origin;
    expect((await fetch(`${origin}/api/dashboard/`)).status).toBe(401);
    const key = new URL(demo.dashboardUrl).searchParams.get('code')!;
    const traversal = await fetch(`${origin}/api/dashboard/assets/..%2F..%2Fpackage.json?code=${key}`);
    expect(traversal.status).toBe(404);
    const asset = await fetch(`${origin}/api/dashboard/assets/app.js?code=${key}`);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
  });
});
