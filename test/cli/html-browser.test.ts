/**
 * The HTML report in a real browser: Debian's chromium driven by playwright-core, every
 * network request blocked. The seed pair's report is built by the CLI (`npm test` builds
 * first); the hostile-article report by the renderer itself.
 *
 * Without /usr/bin/chromium the suite fails when CI is set (.ci/run installs it) and is
 * skipped, with a warning, elsewhere.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { renderHtml } from '../../src/report/html';
import { EVIL_CANDIDATE, EVIL_ORIGINAL, evilReport } from '../report/helpers';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.cjs');
const OUT = join(ROOT, 'test-output');
const CHROMIUM = '/usr/bin/chromium';
const S0 = 'fixtures/seeds/000_a267aa29c8143298.txt';
const S1 = 'fixtures/seeds/001_04a6fa0171dea636.txt';

const available = existsSync(CHROMIUM);
const inCi = Boolean(process.env['CI']) && process.env['CI'] !== 'false';
if (!available && !inCi) {
  // Visible, not silent: a developer without chromium sees why these tests did not run.
  console.warn(`html-browser.test.ts: ${CHROMIUM} not found, browser tests skipped (apt-get install chromium; in CI they fail instead)`);
}
const suite = available || inCi ? describe : describe.skip;

/** A page whose every request other than the report file itself is aborted and recorded, as are console errors. */
async function open(context: BrowserContext, file: string): Promise<{ page: Page; errors: string[]; blocked: string[] }> {
  const errors: string[] = [];
  const blocked: string[] = [];
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(String(err)));
  await page.goto(pathToFileURL(file).href);
  return { page, errors, blocked };
}

suite('HTML report in chromium', () => {
  let browser: Browser;
  let context: BrowserContext;
  const blocked: string[] = [];

  beforeAll(async () => {
    if (!available) throw new Error(`${CHROMIUM} is missing: CI must install Debian's chromium (see .ci/run)`);
    mkdirSync(OUT, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      blocked.push(url);
      return route.abort();
    });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  describe('the seed pair (000 → 001) built by the CLI', () => {
    const file = join(OUT, 'seed-report.html');
    let page: Page;
    let errors: string[];

    beforeAll(async () => {
      if (!existsSync(CLI)) throw new Error('dist/cli.cjs is missing: run `npm run build` first (npm test does)');
      const r = spawnSync(process.execPath, [CLI, 'compare', S0, S1, '--format', 'html', '--out', file, '--fail-on', 'none'], { cwd: ROOT, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`respun compare exited ${r.status}: ${r.stderr}`);
      ({ page, errors } = await open(context, file));
    });

    it('shows the verdict on top', async () => {
      await expect(page.locator('h1.verdict .badge').textContent()).resolves.toBe('rewrite');
      expect(await page.locator('table.scores td').count()).toBe(6);
    });

    it('shows the altered quotes highlighted in both texts', async () => {
      const altered = page.locator('.text[data-side="candidate"] .f.kind-altered-quote');
      expect(await altered.count()).toBeGreaterThan(0);
      await expect(altered.first().isVisible()).resolves.toBe(true);
      const candidateQuotes = await altered.allTextContents();
      expect(candidateQuotes.join(' ')).toContain('spoken quandary');
      const originalQuotes = await page.locator('.text[data-side="original"] .f.kind-altered-quote').allTextContents();
      expect(originalQuotes.join(' ')).toContain('real dilemma');
      // Highlighted: painted with a background that is not the page's.
      const bg = await altered.first().evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).backgroundColor);
      expect(bg).not.toBe('rgba(0, 0, 0, 0)');
      expect(bg).not.toBe('rgb(255, 255, 255)');
      // Each finding's message is in the findings list.
      expect((await page.locator('.findings li.finding').allTextContents()).join('\n')).toMatch(/real dilemma.*spoken quandary/);
    });

    it('highlights and scrolls to the counterpart of a clicked sentence', async () => {
      // The last aligned group: its candidate sentence is far down the candidate pane.
      const groups = await page.locator('.text[data-side="original"] [data-a]').evaluateAll((els) => els.map((e) => e.getAttribute('data-a')));
      expect(groups.length).toBeGreaterThan(0);
      const a = groups[groups.length - 1]!;
      await page.locator(`.text[data-side="original"] [data-a="${a}"]`).first().click();
      const counterpart = page.locator(`.text[data-side="candidate"] [data-a="${a}"]`).first();
      await expect(counterpart.getAttribute('class')).resolves.toMatch(/\bhl\b/);
      const visible = await counterpart.evaluate((el) => {
        const pane = el.closest('.text')!.getBoundingClientRect();
        const box = el.getBoundingClientRect();
        return box.bottom > pane.top && box.top < pane.bottom;
      });
      expect(visible).toBe(true);
      // Other groups are not highlighted.
      const others = await page.locator(`.text .hl:not([data-a="${a}"])`).count();
      expect(others).toBe(0);
      await page.screenshot({ path: join(OUT, 'seed-report.png'), fullPage: false });
    });

    it('clicking a finding highlights it in both texts', async () => {
      expect(await page.locator('.findings li.finding').count()).toBeGreaterThan(0);
      await page.locator('.findings li.finding').first().click();
      expect(await page.locator('.text[data-side="original"] .on').count()).toBeGreaterThan(0);
      expect(await page.locator('.text[data-side="candidate"] .on').count()).toBeGreaterThan(0);
    });

    it('logs no console error and requests nothing', () => {
      expect(errors).toEqual([]);
      expect(blocked).toEqual([]);
    });
  });

  describe('a scan report (seeds and the HTML rewrite) built by the CLI', () => {
    it('has an index of pairs linking to each pair, and sentence links stay inside their pair', async () => {
      const file = join(OUT, 'scan-report.html');
      const r = spawnSync(process.execPath, [CLI, 'scan', 'fixtures/seeds', 'fixtures/html', '--format', 'html', '--out', file, '--fail-on', 'none'], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      if (r.status !== 0) throw new Error(`respun scan exited ${r.status}: ${r.stderr}`);
      const { page, errors } = await open(context, file);
      const links = page.locator('table.index a');
      const n = await links.count();
      expect(n).toBeGreaterThanOrEqual(2);
      expect(await page.locator('section.pair').count()).toBe(n);
      expect(await page.locator('.clusters li').count()).toBeGreaterThan(0);
      await links.nth(1).click();
      expect(new URL(page.url()).hash).toBe('#p1-pair');
      const inView = await page.locator('#p1-pair').evaluate((el) => {
        const box = el.getBoundingClientRect();
        return box.top < el.ownerDocument.defaultView!.innerHeight && box.bottom > 0;
      });
      expect(inView).toBe(true);
      await page.locator('#p1-pair .text[data-side="original"] [data-a="0"]').first().click();
      expect(await page.locator('#p1-pair .text[data-side="candidate"] .hl').count()).toBeGreaterThan(0);
      expect(await page.locator('#p0-pair .hl').count()).toBe(0);
      expect(errors).toEqual([]);
      expect(blocked).toEqual([]);
      await page.screenshot({ path: join(OUT, 'scan-report.png') });
    });
  });

  describe('hostile article text', () => {
    it('runs none of it, loads nothing, and shows it as text', async () => {
      const file = join(OUT, 'hostile-report.html');
      writeFileSync(file, renderHtml(evilReport(), { id: '"><script>window.__pwned=3</script>', text: EVIL_ORIGINAL }, EVIL_CANDIDATE));
      const { page, errors } = await open(context, file);
      expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await page.locator('img').count()).toBe(0);
      const quote = await page.locator('.text[data-side="original"] .f').allTextContents();
      expect(quote.join('')).toBe('"><img src=x onerror="window.__pwned=2"> plan');
      await page.locator('.text[data-side="original"] [data-a="1"]').first().click();
      await expect(page.locator('.text[data-side="candidate"] [data-a="1"]').first().getAttribute('class')).resolves.toMatch(/\bhl\b/);
      expect(errors).toEqual([]);
      expect(blocked).toEqual([]);
      await page.screenshot({ path: join(OUT, 'hostile-report.png') });
    });
  });
});
