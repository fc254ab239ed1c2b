// The package in real Chromium: a plain <script type="module"> with no bundler, served by the simulator under its CSP.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { launchBrowser, screenshot } from './support/browser.mjs';
import { startSim } from './support/sim.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const skip = process.env.HOSTUP_NO_BROWSER === '1' ? 'chromium is not installed' : false;

test('a browser module script imports the package and talks to the simulator', { skip, timeout: 60_000 }, async () => {
  const site = join(process.env.CARGO_TARGET_DIR || join(root, 'target'), 'browser-app');
  rmSync(site, { recursive: true, force: true });
  mkdirSync(site, { recursive: true });
  cpSync(join(root, 'tests', 'browser-app'), site, { recursive: true });
  cpSync(join(root, 'pkg'), join(site, 'pkg'), { recursive: true });
  const sim = await startSim(['--static', site, '--job-ms', '100']);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const problems = [];
    // Chromium logs every 4xx fetch (the deliberate 404 below, a missing favicon) as a console error; what must not
    // appear is a Content-Security-Policy violation or an uncaught exception.
    page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.goto(`${sim.url}/#key=${sim.key}`);
    await page.waitForSelector('#out[data-done="true"]', { timeout: 30_000 });
    const result = JSON.parse(await page.textContent('#out'));
    await screenshot(page, 'package-browser');
    assert.equal(result.fatal, undefined, result.fatal);
    assert.ok(result.vpsCount >= 3);
    assert.equal(result.jobStatus, 'completed');
    assert.equal(result.listed, true);
    assert.deepEqual(result.apiError, { isApiError: true, isError: true, status: 404, code: 'not_found' });
    assert.deepEqual(result.validation, { isValidationError: true, pointer: '/name' });
    assert.deepEqual(result.validateEmpty, []);
    assert.deepEqual(problems, [], 'no console errors (the page runs under the CSP)');
  } finally {
    await browser.close();
    await sim.stop();
  }
});
