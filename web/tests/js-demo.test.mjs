// The plain-JS demo page (web/js), built into web/dist, in Chromium against the simulator under its CSP.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { launchBrowser, screenshot } from '../../tests/support/browser.mjs';
import { startSim } from '../../tests/support/sim.mjs';

const dist = fileURLToPath(new URL('../dist', import.meta.url));
const skip = process.env.HOSTUP_NO_BROWSER === '1' ? 'chromium is not installed' : !existsSync(`${dist}/js/index.html`) ? 'web/dist is not built' : false;

test('the plain-JS demo page lists backups, validates as you type and creates a snapshot', { skip, timeout: 60_000 }, async () => {
  const sim = await startSim(['--static', dist, '--job-ms', '200']);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
    const problems = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.goto(`${sim.url}/js/#key=${sim.key}`);
    await page.locator('#backups li').first().waitFor({ timeout: 15_000 });
    await page.getByLabel('Snapshot name').fill('bad name');
    assert.match(await page.locator('#snap-error').textContent(), /may contain only/);
    await page.getByLabel('Snapshot name').fill('from-js-page');
    assert.equal(await page.locator('#snap-error').textContent(), '');
    await page.getByRole('button', { name: 'Create snapshot' }).click();
    await page.waitForFunction(() => document.querySelector('#jobs li')?.textContent.includes('completed'), null, { timeout: 20_000 });
    await page.locator('#snapshots li', { hasText: 'from-js-page' }).waitFor();
    await screenshot(page, 'js-demo');
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await sim.stop();
  }
});
