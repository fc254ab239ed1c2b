// The package in a Vite production build (a dashboard's bundler), run in Chromium against the simulator.
import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { build } from 'vite';
import { launchBrowser, screenshot } from './support/browser.mjs';
import { startSim } from './support/sim.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const skip = process.env.HOSTUP_NO_BROWSER === '1' ? 'chromium is not installed' : false;

test('a Vite production build bundles the package (its wasm embedded), and it works in Chromium', { skip, timeout: 120_000 }, async () => {
  // Inside the repository (whatever CARGO_TARGET_DIR is), so Vite resolves 'hostup-backups' from its node_modules.
  const app = join(root, 'target', 'vite-app');
  rmSync(app, { recursive: true, force: true });
  cpSync(join(root, 'tests', 'vite-app'), app, { recursive: true });
  await build({ root: app, logLevel: 'warn', build: { outDir: 'dist', target: 'es2022', emptyOutDir: true } });
  const assets = readdirSync(join(app, 'dist', 'assets'));
  // The package embeds its wasm (a long base64 string): nothing else has to be emitted or fetched.
  const js = assets.filter((f) => f.endsWith('.js'));
  const embedded = (f) => /["'][A-Za-z0-9+/]{50000,}={0,2}["']/.test(readFileSync(join(app, 'dist', 'assets', f), 'utf8'));
  assert.ok(js.some(embedded), `the bundle carries the wasm: ${assets.join(', ')}`);
  assert.ok(!assets.some((f) => f.endsWith('.wasm')), 'and no separate .wasm');
  console.log(`vite: ${assets.map((f) => `${f} ${statSync(join(app, 'dist', 'assets', f)).size} B`).join(', ')}`);
  const sim = await startSim(['--static', join(app, 'dist'), '--job-ms', '50']);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${sim.url}/#key=${sim.key}`);
    await page.waitForSelector('#out[data-done="true"]', { timeout: 30_000 });
    const result = JSON.parse(await page.textContent('#out'));
    await screenshot(page, 'package-vite');
    assert.deepEqual(result, { backups: result.backups, quota: 'number', job: 'completed', error: 'not_found' });
    assert.ok(result.backups > 0);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await sim.stop();
  }
});
