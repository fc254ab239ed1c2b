// End-to-end test of <FleetOverview/> (above the panel on the Leptos demo page) in Chromium against the real
// simulator with a varied fleet (`--fleet varied`: no schedule, quota full, last run failed, snapshot about to
// expire). Everything is found by role and accessible name; axe-core checks the view in both themes and at 375 px.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startSim } from '../../tests/support/sim.mjs';
import { launchBrowser, screenshot } from '../../tests/support/browser.mjs';
import { expectNoAxeViolations } from './support/axe.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const distDir = join(root, 'web', 'dist');
const skip = process.env.HOSTUP_NO_BROWSER === '1' ? 'chromium is not installed' : false;

describe('FleetOverview in Chromium against hostup-sim --fleet varied', { skip }, () => {
  let sim;
  let browser;

  before(async () => {
    assert.ok(existsSync(join(distDir, 'leptos', 'demo_bg.wasm')), 'web/dist is not built: node scripts/build-demo.mjs');
    sim = await startSim(['--static', distDir, '--fleet', 'varied', '--vps-count', '5', '--job-ms', '400']);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await sim?.stop();
  });

  /** The demo page with the key in its fragment; resolves once the coverage table is there. */
  async function open(options = {}) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
    });
    await page.goto(`${sim.url}/#key=${encodeURIComponent(sim.key)}`);
    const fleet = page.getByRole('region', { name: 'Backup coverage' });
    const table = fleet.getByRole('table');
    await table.waitFor();
    return { context, page, fleet, table, problems };
  }

  it('lists every VPS worst first, with its findings in words, and opens the chosen one in the panel', async () => {
    const { context, page, fleet, table, problems } = await open();
    const rows = table.getByRole('row');
    assert.equal(await rows.count(), 6, 'a header row and one row per VPS');
    const status = fleet.getByRole('status');
    assert.match(await status.innerText(), /Checked 5 VPS: 2 with errors, 2 with warnings\./);

    // Worst first: two errors, two warnings, then the covered one.
    const severities = [];
    for (let i = 1; i < 6; i++) severities.push((await rows.nth(i).innerText()).match(/\b(Error|Warning|OK)\b/)[1]);
    assert.deepEqual(severities, ['Error', 'Error', 'Warning', 'Warning', 'OK']);
    const text = await table.innerText();
    for (const sentence of [
      'No backup schedule is enabled.',
      'The last scheduled backup failed.',
      /The backup quota is full \(7 of 7\)/,
      /Snapshot \S+ expires in \d+ min\./,
    ]) {
      assert.match(text, sentence instanceof RegExp ? sentence : new RegExp(sentence.replace(/[.()]/g, '\\$&')));
    }
    assert.match(text, /Covered/);
    assert.match(text, /\d+ h ago|less than a minute ago|\d+ min ago/, 'the last backup has an age');

    // Choosing a row hands its VPS to the panel below, and focus follows.
    const last = rows.nth(5);
    const open = last.getByRole('button', { name: /^Open / });
    const name = (await open.innerText()).replace(/^Open\s+/, '');
    const vpsId = await last.locator('th').evaluate((th) => th.lastElementChild.textContent);
    await open.focus();
    await page.keyboard.press('Enter');
    const panelRegion = page.getByRole('region', { name: 'Backups of the chosen VPS' });
    await page.waitForFunction(() => document.activeElement?.id === 'demo-panel');
    await panelRegion.getByRole('region', { name: 'Backups & snapshots' }).waitFor();
    await page.waitForFunction((id) => document.body.innerText.includes(id), vpsId);
    assert.ok(name.length > 0);

    await expectNoAxeViolations(assert, page, 'fleet overview (light, 1280 px)');
    await screenshot(page, 'fleet-overview-1280');
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('meets axe-core in dark mode and at 375 px, and "Check again" audits anew', async () => {
    const { context, page, fleet, table, problems } = await open({ colorScheme: 'dark', viewport: { width: 375, height: 800 } });
    await expectNoAxeViolations(assert, page, 'fleet overview (dark, 375 px)');
    await screenshot(page, 'fleet-overview-375-dark');
    const requests = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/')) requests.push(new URL(r.url()).pathname);
    });
    await fleet.getByRole('button', { name: 'Check again' }).click();
    await page.waitForFunction(() => /Checked 5 VPS/.test(document.querySelector('[role=status]')?.textContent ?? ''));
    await table.waitFor();
    // 1 list + 3 lists per VPS, paced by the client (no 429 needed).
    assert.equal(requests.filter((p) => p === '/api/v2/vps').length >= 1, true);
    assert.equal(requests.filter((p) => p.endsWith('/backups')).length >= 5, true, requests.join('\n'));
    assert.deepEqual(problems, []);
    await context.close();
  });
});
