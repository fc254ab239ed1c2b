// Runs axe-core (the npm package) inside a page and returns its violations. The script is injected through the
// DevTools protocol (page.evaluate), which the page's CSP does not govern, so the page under test keeps its CSP.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const source = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.0–2.2 A and AA rules, plus axe's best practices that apply to widgets. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** The violations on the page now, as `rule (impact): target…` lines (empty when there are none). */
export async function axeViolations(page) {
  await page.evaluate(`${source}\n;0`);
  const violations = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }).then((r) => r.violations),
    TAGS,
  );
  return violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')} — ${v.help}`);
}

/** Counts every axe run and its violations, for the suite's summary line. */
export const axeLog = [];

/** Asserts 0 violations, naming the state in the message. */
export async function expectNoAxeViolations(assert, page, state) {
  const found = await axeViolations(page);
  axeLog.push({ state, violations: found.length });
  assert.deepEqual(found, [], `axe-core found violations in "${state}"`);
}
