// Widget: in Chromium (headless, Debian's chromium via playwright-core), the time from navigation start to the first
// rendered backup list, for the Leptos demo page (web/dist) and two plain-DOM pages doing the same first screen
// (list VPS, then backups + snapshots of the first): web/js with the npm package, and bench/widget with the baseline
// bundle (fetch + zod). Then the same with 1,000 backups per VPS (`hostup-sim --backups-per-vps 1000`).
// "Rendered" = the list's <li> are in the DOM (MutationObserver, performance.now() since navigation start), and
// "painted" = the next animation frame after that. Render-only time = rendered − responseEnd of the backups request.
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { root, targetDir } from '../scripts/lib.mjs';
import { launchBrowser } from '../tests/support/browser.mjs';
import { startSim } from '../tests/support/sim.mjs';
import { median } from './lib.mjs';

const PAGES = {
  widget: { path: '/', selector: '.hostup-panel__backups > li' },
  plainJsOurs: { path: '/js/', selector: '#backups > li' },
  plainJsBaseline: { path: '/baseline/', selector: '#backups > li' },
};

/** web/dist plus the baseline page, served by one simulator. */
function site() {
  const www = join(targetDir, 'bench', 'www');
  rmSync(www, { recursive: true, force: true });
  mkdirSync(www, { recursive: true });
  cpSync(join(root, 'web', 'dist'), www, { recursive: true });
  cpSync(join(root, 'bench', 'widget'), join(www, 'baseline'), { recursive: true });
  cpSync(join(root, 'bench', 'baseline', 'dist', 'baseline.js'), join(www, 'baseline', 'baseline.js'));
  return www;
}

function observer({ selector, expected }) {
  // Runs in the page before its scripts.
  window.__bench = { rendered: null, painted: null };
  const check = () => {
    if (window.__bench.rendered !== null) return;
    const n = document.querySelectorAll(selector).length;
    if (n >= expected) {
      window.__bench.rendered = performance.now();
      requestAnimationFrame(() => setTimeout(() => (window.__bench.painted = performance.now()), 0));
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
}

async function visit(browser, url, key, page, expected) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  try {
    const tab = await context.newPage();
    await tab.addInitScript(observer, { selector: PAGES[page].selector, expected });
    await tab.goto(`${url}${PAGES[page].path}#key=${key}`);
    await tab.waitForFunction(() => window.__bench.painted !== null, null, { timeout: 30_000, polling: 50 });
    return await tab.evaluate(() => {
      const r = performance.getEntriesByType('resource').find((e) => /\/backups$/.test(new URL(e.name).pathname));
      return { ...window.__bench, backupsResponseEnd: r ? r.responseEnd : null };
    });
  } finally {
    await context.close();
  }
}

export async function widget({ runs = 7 } = {}) {
  const www = site();
  const browser = await launchBrowser();
  const results = {};
  try {
    for (const [label, extra, expected] of [
      ['seeded', [], 1],
      ['1000', ['--backups-per-vps', '1000'], 1000],
    ]) {
      const sim = await startSim(['--static', www, '--seed', '7', '--rate-limit', '100000', ...extra]);
      try {
        const samples = Object.fromEntries(Object.keys(PAGES).map((p) => [p, []]));
        for (const p of Object.keys(PAGES)) await visit(browser, sim.url, sim.key, p, expected); // warm-up
        for (let i = 0; i < runs; i++) {
          const names = Object.keys(PAGES);
          for (const p of i % 2 ? names.reverse() : names) samples[p].push(await visit(browser, sim.url, sim.key, p, expected));
        }
        results[label] = Object.fromEntries(
          Object.entries(samples).map(([p, xs]) => [
            p,
            {
              renderedMs: median(xs.map((x) => x.rendered)),
              paintedMs: median(xs.map((x) => x.painted)),
              renderAfterResponseMs: median(xs.map((x) => x.rendered - x.backupsResponseEnd)),
            },
          ]),
        );
      } finally {
        await sim.stop();
      }
    }
  } finally {
    await browser.close();
  }
  return { runs, ...results };
}
