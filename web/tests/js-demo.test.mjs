// The plain-JS demo page (web/js), built into web/dist, in Chromium against the simulator under its CSP.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { launchBrowser, screenshot } from '../../tests/support/browser.mjs';
import { startSim } from '../../tests/support/sim.mjs';
import { JsDemoPage } from './support/panel.mjs';
import { expectNoAxeViolations } from './support/axe.mjs';

const dist = fileURLToPath(new URL('../dist', import.meta.url));
const skip =
  process.env.HOSTUP_NO_BROWSER === '1'
    ? 'chromium is not installed'
    : !existsSync(`${dist}/js/index.html`) || !existsSync(`${dist}/pkg`)
      ? 'web/dist is not built with the npm package (npm run build, then node scripts/build-demo.mjs)'
      : false;

test('the plain-JS demo page: readable dates, validation without re-announcing, a snapshot, dark mode, axe', { skip, timeout: 60_000 }, async () => {
  const sim = await startSim(['--static', dist, '--job-ms', '200']);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
    const problems = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(String(e)));
    const demo = new JsDemoPage(page, sim);
    await demo.open();
    // Dates for people (no raw ISO), with the exact UTC time on hover.
    const first = await demo.backups.first().innerText();
    assert.doesNotMatch(first, /\d{4}-\d\d-\d\dT/, first);
    assert.match(await demo.backups.first().locator('time').getAttribute('title'), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    await expectNoAxeViolations(assert, page, 'plain-JS page, light');
    // The error is tied to the field and is not a live region (no re-announcing on every keystroke).
    await demo.name.fill('bad name');
    const error = page.locator('#' + (await demo.name.getAttribute('aria-describedby')));
    assert.match(await error.textContent(), /may contain only/);
    assert.equal(await error.getAttribute('role'), null);
    assert.equal(await error.getAttribute('aria-live'), null);
    assert.equal(await demo.name.getAttribute('aria-invalid'), 'true');
    await demo.name.fill('from-js-page');
    assert.equal(await error.textContent(), '');
    await demo.create.click();
    await demo.jobs.filter({ hasText: 'completed' }).first().waitFor({ timeout: 20_000 });
    await demo.snapshots.filter({ hasText: 'from-js-page' }).waitFor();
    await screenshot(page, 'js-demo');
    await page.emulateMedia({ colorScheme: 'dark' });
    const input = await demo.name.evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.notEqual(input, 'rgb(255, 255, 255)', 'form fields follow dark mode');
    await expectNoAxeViolations(assert, page, 'plain-JS page, dark');
    await screenshot(page, 'js-demo-dark');
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await sim.stop();
  }
});
