// `npm test`: sets everything up, then runs every test — Rust (native), the wasm build, the npm package in Node,
// the browser and Vite, the type-check of the examples, and the widget's browser suite in Chromium.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureChromium, ensureNpm, ensureWasmTools } from './setup.mjs';
import { capture, root, run, say, targetDir } from './lib.mjs';

const started = Date.now();
ensureNpm();
ensureWasmTools();
const haveChromium = ensureChromium();

say('1/6 formatting and lints');
run('cargo', ['fmt', '--all', '--', '--check']);
run('cargo', ['clippy', '--workspace', '--all-targets', '--', '-D', 'warnings']);
run('cargo', ['clippy', '--target', 'wasm32-unknown-unknown', '-p', 'hostup-wasm', '-p', 'hostup-leptos', '-p', 'hostup-client', '-p', 'hostup-core', '--', '-D', 'warnings']);

say('2/6 Rust tests (core, client against the simulator, simulator, widget logic)');
run('cargo', ['build', '--release', '-p', 'hostup-sim']);
run('cargo', ['test', '--workspace'], { env: { HOSTUP_SIM_BIN: join(targetDir, 'release', 'hostup-sim') } });

say('2b/6 short fuzz runs of every parser and validator (cargo-fuzz on stable; skipped with a reason where it cannot build)');
run('node', ['scripts/fuzz.mjs'], { env: { FUZZ_SECONDS: process.env.FUZZ_SECONDS || '10' } });

say('3/6 the core is sans-IO and builds for wasm32-unknown-unknown');
const tree = capture('cargo', ['tree', '-p', 'hostup-core', '-e', 'normal', '--prefix', 'none']) || '';
const forbidden = tree.split('\n').filter((l) => /^(reqwest|hyper|http|tokio|async-std|regex|wasm-bindgen|js-sys|web-sys|gloo)[ -]/.test(l));
if (!tree || forbidden.length) {
  console.error(`[hostup] hostup-core must stay sans-IO; its normal dependencies include: ${forbidden.join(', ') || '(cargo tree failed)'}`);
  process.exit(1);
}
run('cargo', ['build', '-p', 'hostup-core', '--target', 'wasm32-unknown-unknown']);

say('4/6 the npm package');
const { buildPkg } = await import('./build-pkg.mjs');
buildPkg();

say('5/6 the demo');
if (existsSync(join(root, 'scripts', 'build-demo.mjs'))) {
  const { buildDemo } = await import('./build-demo.mjs');
  await buildDemo();
}

say('6/6 JavaScript tests (Node, Chromium, Vite, tsc) against the real simulator');
// The widget's browser tests run axe-core from node_modules: a checkout installed before it was a devDependency
// installs it now (setup's check looks only for wasm-opt and playwright-core).
if (!existsSync(join(root, 'node_modules', 'axe-core'))) run('npm', ['install', '--no-audit', '--no-fund']);
run('tsc', ['-p', 'tests/types/tsconfig.json']);
const files = [];
for (const dir of ['tests', 'web/tests']) {
  if (!existsSync(join(root, dir))) continue;
  for (const f of readdirSync(join(root, dir))) {
    if (/\.test\.(mjs|cjs)$/.test(f)) files.push(join(dir, f));
  }
}
const env = { HOSTUP_SIM_BIN: join(targetDir, 'release', 'hostup-sim'), HOSTUP_NO_BROWSER: haveChromium ? '' : '1' };
run('node', ['--test', '--test-concurrency=1', ...files], { env });

say('6b/6 the consumer matrix: the packed tarball in fresh projects (Vite, webpack, esbuild, rollup, plain pages, Node ESM/CJS/worker/bundles, Jest, TypeScript, publint, attw)');
run('node', ['--test', '--test-concurrency=1', 'tests/consumers/matrix.test.mjs'], { env });
say(`all tests passed in ${Math.round((Date.now() - started) / 1000)} s`);
