// The package checks 2xx bodies in JS (crates/wasm/js/check.js over tables rendered from core's declarations); core's
// walker (crates/core/src/shape.rs) checks them for Rust callers. Both must make the same of the same body: this runs
// check.js on every body and single-field mutation core's shape tests generate (crates/core/tests/common/corpus.rs,
// printed by `--example check-corpus`), then has core compare: the same output with the same fills and `rest`
// members, the same drift, or a refusal at the same pointer with the same message (core words check.js's reason).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { test } from 'node:test';

const root = fileURLToPath(new URL('..', import.meta.url));

function cargoExample(args) {
  const r = spawnSync('cargo', ['run', '-q', '-p', 'hostup-core', '--example', ...args], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  return r;
}

test('check.js and core\'s walker agree on every body and mutation of the shape corpus', { timeout: 600_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hostup-check-'));
  try {
    const tables = cargoExample(['js-tables']);
    assert.equal(tables.status, 0, tables.stderr);
    writeFileSync(join(dir, 'tables.js'), tables.stdout);
    copyFileSync(join(root, 'crates', 'wasm', 'js', 'check.js'), join(dir, 'check.js'));
    const { read } = await import(pathToFileURL(join(dir, 'check.js')).href);

    const corpus = cargoExample(['check-corpus']);
    assert.equal(corpus.status, 0, corpus.stderr);
    const items = JSON.parse(corpus.stdout);
    assert.ok(items.length > 1000, `${items.length} corpus items`);
    const encoder = new TextEncoder();
    const results = items.map(({ endpoint, body }) => {
      const drift = [];
      const [out, reason] = read(endpoint, encoder.encode(body), drift);
      return reason === undefined ? { out, reason: null, drift } : { out: null, reason, drift: [] };
    });
    const file = join(dir, 'results.json');
    writeFileSync(file, JSON.stringify(results));

    const compared = cargoExample(['check-corpus', '--', 'compare', file]);
    const summary = JSON.parse(compared.stdout);
    assert.deepEqual(summary.mismatches, [], 'check.js and core differ');
    assert.equal(compared.status, 0, compared.stderr);
    assert.equal(summary.checked, items.length);
    assert.ok(summary.accepted > 100 && summary.refused > 500, JSON.stringify(summary));
    assert.ok(results.some((r) => r.drift.length > 0), 'the corpus exercises drift');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
