// End-to-end tests of <BackupPanel/> (the Leptos demo in web/dist) in Chromium against the real simulator.
// Build first: `node scripts/build-demo.mjs` and `cargo build --release -p hostup-sim`; then `node --test web/tests/`.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFaults, simStats, startSim } from '../../tests/support/sim.mjs';
import { launchBrowser, screenshot } from '../../tests/support/browser.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const distDir = join(root, 'web', 'dist');
const JOB_MS = 400; // snapshots take 400 ms, backups 1.6 s

let sim;
let browser;
let context;
let page;
/** Problems the page reported: CSP violations, uncaught errors. */
let problems;
/** Mutating API requests the page sent: `METHOD path`. */
let writes;

async function resetSim() {
  const r = await fetch(`${sim.url}/__sim/reset`, { method: 'POST' });
  assert.ok(r.ok, `reset failed: ${r.status}`);
}

async function openPanel() {
  await page.goto(`${sim.url}/#key=${sim.key}`);
  await page.locator('.hostup-panel__backups').waitFor();
  await page.locator('.hostup-panel__snapshots').waitFor();
}

/** The row of the list item that mentions `text`. */
function item(text) {
  return page.locator('.hostup-panel__item').filter({ hasText: text });
}

async function waitFor(check, what, timeout = 10_000) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('BackupPanel in Chromium against hostup-sim', () => {
  before(async () => {
    assert.ok(existsSync(join(distDir, 'leptos', 'demo_bg.wasm')), 'web/dist is not built: node scripts/build-demo.mjs');
    sim = await startSim(['--static', distDir, '--control', '--job-ms', String(JOB_MS), '--seed', '7']);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await sim?.stop();
  });

  beforeEach(async () => {
    await resetSim();
    context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    page = await context.newPage();
    problems = [];
    writes = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
    page.on('dialog', (d) => {
      problems.push(`unexpected ${d.type()} dialog: ${d.message()}`);
      d.dismiss().catch(() => {});
    });
    page.on('request', (r) => {
      if (r.method() !== 'GET' && new URL(r.url()).pathname.startsWith('/api/')) {
        writes.push(`${r.method()} ${new URL(r.url()).pathname}`);
      }
    });
  });

  afterEach(async (t) => {
    await screenshot(page, `leptos-${t.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`).catch(() => {});
    await context.close();
    assert.deepEqual(problems, [], 'the page reported CSP violations, errors or dialogs');
  });

  it('loads the lists under the CSP header', async () => {
    const started = performance.now();
    const response = await page.goto(`${sim.url}/#key=${sim.key}`);
    await page.locator('.hostup-panel__backups').waitFor();
    console.log(`time from navigation to first rendered backup list: ${(performance.now() - started).toFixed(0)} ms`);
    assert.match(response.headers()['content-security-policy'] ?? '', /style-src 'self'/);
    await page.locator('.hostup-panel__snapshots').waitFor();
    await page.getByText('Next run:').waitFor();
    assert.ok((await page.locator('.hostup-panel__backups > li').count()) > 0, 'the seeded backups are listed');
    await page.getByLabel('VPS').waitFor();
    // The stylesheet was adopted (no inline <style>, which the CSP would block).
    const styled = await page.evaluate(() => {
      const el = document.querySelector('.hostup-panel');
      return document.adoptedStyleSheets.length > 0 && getComputedStyle(el).borderTopStyle === 'solid';
    });
    assert.ok(styled, 'panel.css is applied');
    assert.equal(await page.locator('style').count(), 0);
    assert.equal(await page.locator('[style]').count(), 0, 'no inline style attributes');
    await page.setViewportSize({ width: 1100, height: 900 });
    await screenshot(page, 'demo');
    await page.setViewportSize({ width: 360, height: 800 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    assert.equal(overflow, false, 'no horizontal scrolling at 360 px');
    await screenshot(page, 'demo-360');
  });

  it('shows an inline error for an invalid snapshot name and sends nothing', async () => {
    await openPanel();
    const name = page.getByLabel('Snapshot name');
    const create = page.getByRole('button', { name: 'Create snapshot' });
    assert.equal(await create.isDisabled(), true, 'disabled while empty');
    await name.fill('bad name!');
    await page.getByText('may contain only letters').waitFor();
    assert.equal(await create.isDisabled(), true);
    assert.equal(await name.getAttribute('aria-invalid'), 'true');
    await create.click({ force: true, timeout: 2000 }).catch(() => {});
    await name.press('Enter');
    await name.fill('x'.repeat(41));
    await page.getByText('the maximum is 40').waitFor();
    await page.waitForTimeout(300);
    assert.deepEqual(writes, []);
    const stats = await simStats(sim);
    assert.equal(stats.createsAccepted.snapshots, 0);
  });

  it('creates a snapshot, follows its job to completed and lists it', async () => {
    await openPanel();
    await page.getByLabel('Snapshot name').fill('e2e-snap');
    await page.getByLabel('Description').fill('made by the e2e test');
    await page.getByRole('button', { name: 'Create snapshot' }).click();
    await page.locator('.hostup-panel__job', { hasText: 'Snapshot e2e-snap' }).waitFor();
    await page.locator('.hostup-panel__job[data-status="completed"]', { hasText: 'Snapshot e2e-snap' }).waitFor();
    await item('e2e-snap').filter({ hasText: 'expires in ~24h' }).waitFor();
    await item('made by the e2e test').waitFor();
    assert.deepEqual(writes.filter((w) => w.endsWith('/snapshots')), [writes[0]]);
    assert.equal((await simStats(sim)).createsAccepted.snapshots, 1);
  });

  it('deletes a snapshot only after a second, explicit click', async () => {
    await openPanel();
    const row = page.locator('.hostup-panel__snapshots .hostup-panel__item').filter({ hasText: 'pre-deploy' });
    await row.getByRole('button', { name: 'Delete snapshot pre-deploy' }).click();
    await row.getByRole('button', { name: 'Cancel' }).click();
    assert.deepEqual(writes, [], 'cancel sends nothing');
    await row.getByRole('button', { name: 'Delete snapshot pre-deploy' }).click();
    await row.getByRole('button', { name: 'Confirm delete snapshot pre-deploy' }).dblclick();
    const listed = page.locator('.hostup-panel__snapshots .hostup-panel__item').filter({ hasText: 'pre-deploy' });
    await waitFor(async () => (await listed.count()) === 0, 'the snapshot to leave the list');
    assert.deepEqual(writes.filter((w) => w.includes('/snapshots/pre-deploy')).length, 1, 'one DELETE request');
  });

  it('restores only after the name is typed, with one request for a double click', async () => {
    await openPanel();
    const row = page.locator('.hostup-panel__snapshots > li').first();
    const snapshotName = (await row.locator('.hostup-panel__name').innerText()).trim();
    await row.getByRole('button', { name: 'Restore', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    const text = await dialog.innerText();
    assert.match(text, new RegExp(`Restoring replaces the current disk state of .+ with snapshot ${snapshotName}, taken at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\. Changes made since then will be lost\\.`));
    const confirm = dialog.getByRole('button', { name: 'Restore snapshot' });
    const input = dialog.getByLabel('Type the snapshot name to confirm');
    assert.equal(await input.evaluate((el) => el === document.activeElement), true, 'focus starts in the dialog');
    assert.equal(await confirm.isDisabled(), true);
    await input.fill(snapshotName.slice(0, -1));
    await screenshot(page, 'leptos-restore-dialog');
    assert.equal(await confirm.isDisabled(), true, 'a partial name does not enable it');
    // Tab stays inside the dialog.
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => !!document.activeElement?.closest('dialog')), true, 'focus left the dialog');
    }
    // Escape closes without restoring.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.deepEqual(writes, []);
    // Again, this time confirmed with a double click.
    await row.getByRole('button', { name: 'Restore', exact: true }).click();
    await input.fill(snapshotName);
    await confirm.dblclick();
    await page.locator('.hostup-panel__job', { hasText: `Restore of snapshot ${snapshotName}` }).waitFor();
    await page.waitForTimeout(500);
    assert.equal(writes.filter((w) => w.endsWith('/actions/restore')).length, 1, writes.join(', '));
    assert.equal((await simStats(sim)).restoresAccepted, 1);
    await page.locator('.hostup-panel__job[data-status="completed"]', { hasText: 'Restore of snapshot' }).waitFor();
  });

  it('sends one create-backup request for a double click, and the closed gate shows its reason', async () => {
    await openPanel();
    const create = page.getByRole('button', { name: 'Create backup' });
    await page.getByLabel('Note').fill('double click');
    await create.dblclick();
    // While the backup job runs the server's gate is closed: the button is disabled and the reason shown.
    await page.getByText('A backup of this VPS is being created').waitFor();
    assert.equal(await create.isDisabled(), true);
    assert.equal(writes.filter((w) => w.endsWith('/backups')).length, 1, writes.join(', '));
    assert.equal((await simStats(sim)).createsAccepted.backups, 1);
    await page.locator('.hostup-panel__job[data-status="completed"]', { hasText: 'Backup double click' }).waitFor();
    await item('double click').filter({ hasText: 'manual' }).waitFor();
    await waitFor(async () => !(await create.isDisabled()), 'the gate to reopen');
  });

  it('swaps the day field with the frequency, validates, saves and shows the next run', async () => {
    await openPanel();
    const frequency = page.getByLabel('Frequency');
    await frequency.selectOption('weekly');
    await page.getByLabel('Day of week').waitFor();
    assert.equal(await page.getByLabel('Day of month').count(), 0);
    await frequency.selectOption('monthly');
    await page.getByLabel('Day of month').waitFor();
    assert.equal(await page.getByLabel('Day of week').count(), 0);
    await frequency.selectOption('daily');
    assert.equal(await page.getByLabel('Day of week').count(), 0);
    assert.equal(await page.getByLabel('Day of month').count(), 0);
    // Client-side validation puts core's message on the Hour field and sends nothing.
    await page.getByLabel('Hour').fill('24');
    await page.getByRole('button', { name: 'Save schedule' }).click();
    await page.getByText('between 0 and 23').waitFor();
    assert.equal(await page.getByLabel('Hour').getAttribute('aria-invalid'), 'true');
    assert.deepEqual(writes, []);
    // A valid weekly schedule on Wednesday at 05:00 UTC.
    await frequency.selectOption('weekly');
    await page.getByLabel('Day of week').selectOption({ label: 'Wednesday' });
    await page.getByLabel('Hour').fill('5');
    await page.getByLabel('Retention').fill('3');
    await page.getByRole('button', { name: 'Save schedule' }).click();
    const next = await waitFor(async () => {
      const t = await page.locator('.hostup-panel__saved').innerText();
      const m = t.match(/Next run: (\d{4}-\d\d-\d\d) (\d\d):00 UTC/);
      return m && m[2] === '05' ? m : null;
    }, 'the saved schedule');
    assert.equal(new Date(`${next[1]}T00:00:00Z`).getUTCDay(), 3, `next run ${next[1]} is a Wednesday`);
    assert.deepEqual(writes.filter((w) => w.endsWith('/backup-schedules')).length, 1);
    assert.equal(await page.locator('.hostup-panel__field-error').count(), 0);
  });

  it('shows a calm notice during a 429 storm and recovers when it ends', async () => {
    await openPanel();
    await setFaults(sim, { storm: true });
    try {
      await page.getByRole('button', { name: 'Refresh' }).click();
      await page.getByRole('status').filter({ hasText: /Rate limited — retrying in \d+ s/ }).waitFor();
      // The lists stay on screen meanwhile.
      assert.ok(await page.locator('.hostup-panel__backups').isVisible());
    } finally {
      await setFaults(sim, { storm: false });
    }
    const notice = page.locator('.hostup-panel__notice');
    await waitFor(async () => (await notice.textContent()).trim() === '', 'the notice to clear');
    assert.equal(await notice.getAttribute('role'), 'status');
    assert.ok((await simStats(sim)).rateLimited > 0);
    assert.ok(await page.locator('.hostup-panel__backups').isVisible());
  });

  it('shows a failed job with the problem title, detail and request id', async () => {
    await openPanel();
    await setFaults(sim, { jobFailRate: 1 });
    try {
      await page.getByLabel('Snapshot name').fill('doomed');
      await page.getByRole('button', { name: 'Create snapshot' }).click();
      const row = page.locator('.hostup-panel__job[data-status="failed"]', { hasText: 'Snapshot doomed' });
      await row.waitFor();
      const alert = row.getByRole('alert');
      assert.match(await alert.innerText(), /\S+[\s\S]*Request id: req_/);
      assert.ok((await alert.locator('strong').innerText()).length > 0, 'the problem title is shown');
    } finally {
      await setFaults(sim, { jobFailRate: 0 });
    }
  });

  it('renders a hostile note as text', async () => {
    const note = '<img src=x onerror=alert(1)>';
    await openPanel();
    await page.getByLabel('Note').fill(note);
    await page.getByRole('button', { name: 'Create backup' }).click();
    await page.locator('.hostup-panel__job[data-status="completed"]').waitFor();
    await page.locator('.hostup-panel__note', { hasText: note }).waitFor();
    assert.equal(await page.locator('img[src="x"]').count(), 0);
    assert.equal(await page.locator('.hostup-panel img').count(), 0);
  });

  it('resumes a running job after a reload and never stores the key', async () => {
    await openPanel();
    const vpsId = await page.getByLabel('VPS').inputValue();
    await page.getByLabel('Note').fill('survives reload');
    await page.getByRole('button', { name: 'Create backup' }).click();
    const storageKey = `hostup-backups:jobs:${vpsId}`;
    const stored = await waitFor(
      () => page.evaluate((k) => localStorage.getItem(k), storageKey),
      'the job id in localStorage',
    );
    const [{ id: jobId }] = JSON.parse(stored);
    assert.match(jobId, /^job_/);
    await page.reload();
    await page.locator('.hostup-panel__job', { hasText: 'Backup survives reload' }).waitFor();
    await page.locator('.hostup-panel__job[data-status="completed"]', { hasText: 'survives reload' }).waitFor();
    await waitFor(() => page.evaluate((k) => localStorage.getItem(k) === null, storageKey), 'the finished job to be forgotten');
    const traces = await page.evaluate(() => ({
      local: JSON.stringify({ ...localStorage }),
      session: JSON.stringify({ ...sessionStorage }),
      cookie: document.cookie,
      search: location.search,
    }));
    for (const [where, text] of Object.entries(traces)) {
      assert.ok(!text.includes(sim.key), `the API key is in ${where}`);
    }
    // Each job was waited for once per page: no duplicate restore/create requests from the resume.
    assert.equal(writes.filter((w) => w.endsWith('/backups')).length, 1);
  });
});
