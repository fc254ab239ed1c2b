// The consumer matrix: the built package is packed (`npm pack`) and the tarball installed, as a user would, into a
// fresh consumer folder outside the repository, next to pinned tools (this folder's package.json and lock). Each
// consumer then builds or runs it its own way and runs scenario.mjs against the real simulator: every browser build
// in Chromium, every Node variant in Node, Jest in both environments; TypeScript type-checks a user's file under each
// module resolution; publint --strict and attw must report nothing.
//
// The tools' node_modules are kept between runs while the lock is unchanged (a few seconds instead of a minute);
// everything else, the package included, is laid anew every run.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { launchBrowser } from '../support/browser.mjs';
import { startSim } from '../support/sim.mjs';
import { EXPECTED } from './scenario.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
// Outside the repository, so nothing can resolve the repository's own node_modules/hostup-backups by accident.
const work = join(tmpdir(), 'hostup-backups-consumers');
const noBrowser = process.env.HOSTUP_NO_BROWSER === '1' ? 'chromium is not installed' : false;
const bin = (tool) => join(work, 'node_modules', '.bin', tool);

/** Runs a command in the consumer folder; fails the test with its output when it fails. */
function sh(cmd, args, { cwd = work, env = {} } = {}) {
  const r = spawnSync(cmd, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 180_000 });
  if (r.status !== 0) {
    assert.fail(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout;
}

/** Runs a Node consumer against a fresh simulator and returns what it printed (the scenario's result). */
async function runNode(args, { cwd, env = {} } = {}) {
  const sim = await startSim(['--job-ms', '50']);
  try {
    const proc = spawn(process.execPath, args, { cwd, env: { ...process.env, HOSTUP_URL: sim.url, HOSTUP_KEY: sim.key, ...env } });
    let out = '';
    let err = '';
    proc.stdout.on('data', (d) => (out += d));
    proc.stderr.on('data', (d) => (err += d));
    const code = await new Promise((res) => proc.on('close', res));
    assert.equal(code, 0, `node ${args.join(' ')} exited ${code}: ${err}`);
    return JSON.parse(out.trim().split('\n').at(-1));
  } finally {
    await sim.stop();
  }
}

/** Writes a page that loads `scripts` (classic `defer` scripts, or modules) into `dir`. */
function page(dir, tag, scripts) {
  const tags = scripts.map(([src, type]) => (type === 'module' ? `<script type="module" src="${src}"></script>` : `<script defer src="${src}"></script>`));
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html>\n<html lang="en" data-tag="${tag}">\n<head><meta charset="utf-8"><title>${tag}</title>\n${tags.join('\n')}\n</head>\n<body><pre id="out"></pre></body>\n</html>\n`,
  );
}

/** The scenario as CommonJS and as a classic script, derived from scenario.mjs (the one source). */
function scenarioAs(kind) {
  const src = readFileSync(join(here, 'scenario.mjs'), 'utf8').replace(/^export /gm, '');
  return kind === 'cjs' ? `'use strict';\n${src}\nmodule.exports = { scenario, EXPECTED, runInNode };\n` : src;
}

let browser;
let tarball;

before(async () => {
  assert.ok(existsSync(join(root, 'pkg', 'package.json')), 'build the package first (npm run build)');
  const lock = readFileSync(join(here, 'package-lock.json'));
  const stamp = createHash('sha256').update(readFileSync(join(here, 'package.json'))).update(lock).digest('hex');
  const stampFile = join(work, 'node_modules', '.hostup-tools');
  const keep = existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp;
  if (existsSync(work)) {
    for (const f of readdirSync(work)) if (!(keep && f === 'node_modules')) rmSync(join(work, f), { recursive: true, force: true });
  }
  mkdirSync(work, { recursive: true });
  cpSync(join(here, 'package.json'), join(work, 'package.json'));
  cpSync(join(here, 'package-lock.json'), join(work, 'package-lock.json'));
  if (!keep) {
    sh('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error']);
    writeFileSync(stampFile, stamp);
  }
  const packed = JSON.parse(sh('npm', ['pack', join(root, 'pkg'), '--json', '--pack-destination', work, '--loglevel=error']));
  tarball = join(work, packed[0].filename);
  sh('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error', tarball]);
  // The package really is the installed tarball, not a link to pkg/.
  const installed = join(work, 'node_modules', 'hostup-backups');
  assert.ok(!lstatSync(installed).isSymbolicLink() && realpathSync(installed).startsWith(realpathSync(work)));
  if (!noBrowser) browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

describe('package checks', () => {
  test('npm pack ships only what users need, and the wasm once', () => {
    const files = JSON.parse(sh('npm', ['pack', join(root, 'pkg'), '--dry-run', '--json', '--loglevel=error']))[0].files.map((f) => f.path).sort();
    assert.deepEqual(files, ['LICENSE-APACHE', 'LICENSE-MIT', 'README.md', 'index.d.cts', 'index.d.ts', 'index.js', 'package.json', 'umd/index.js', 'umd/package.json']);
    const embedded = (f) => /["'][A-Za-z0-9+/]{50000,}={0,2}["']/.test(readFileSync(join(root, 'pkg', f), 'latin1'));
    const wasmCopies = files.filter((f) => f.endsWith('.wasm') || embedded(f));
    assert.deepEqual(wasmCopies, ['umd/index.js']);
  });

  test('publint --strict finds nothing', () => {
    const out = sh(bin('publint'), ['--strict', join(work, 'node_modules', 'hostup-backups')]);
    assert.doesNotMatch(out, /Suggestions|Warnings|Errors/, out);
  });

  test('attw finds no problem under any module resolution', () => {
    sh(bin('attw'), [tarball, '--format', 'table-flipped']);
  });
});

describe('browser builds and pages, in Chromium', { skip: noBrowser }, () => {
  /** Serves `dir` from a fresh simulator, opens it, and returns the scenario's result. */
  async function inChromium(dir) {
    const sim = await startSim(['--static', dir, '--job-ms', '50']);
    const tab = await browser.newPage();
    const errors = [];
    tab.on('pageerror', (e) => errors.push(String(e)));
    tab.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()));
    try {
      await tab.goto(`${sim.url}/#key=${sim.key}`);
      await tab.waitForSelector('#out[data-done="true"]', { timeout: 30_000 });
      assert.deepEqual(errors, [], 'no uncaught error or CSP violation');
      return JSON.parse(await tab.textContent('#out'));
    } finally {
      await tab.close();
      await sim.stop();
    }
  }

  /** A fresh app folder with the bundler entry and the scenario. */
  function app(name) {
    const dir = join(work, name);
    mkdirSync(dir, { recursive: true });
    cpSync(join(here, 'browser', 'main.js'), join(dir, 'main.js'));
    cpSync(join(here, 'scenario.mjs'), join(dir, 'scenario.mjs'));
    return dir;
  }

  test('Vite', async () => {
    const dir = app('vite');
    page(dir, 'vite', [['./main.js', 'module']]);
    sh(bin('vite'), ['build', '--logLevel', 'warn'], { cwd: dir });
    assert.deepEqual(await inChromium(join(dir, 'dist')), EXPECTED);
  });

  test('webpack 5 (production, minified)', async () => {
    const dir = app('webpack');
    const config = `{ mode: 'production', context: ${JSON.stringify(dir)}, entry: './main.js', output: { path: ${JSON.stringify(join(dir, 'dist'))}, filename: 'main.js' } }`;
    const script = `require('webpack')(${config}, (e, s) => { if (e || s.hasErrors() || s.hasWarnings()) { console.error(e || s.toString()); process.exit(1); } });`;
    sh(process.execPath, ['-e', script], { cwd: dir });
    page(join(dir, 'dist'), 'webpack', [['./main.js', 'module']]);
    assert.deepEqual(await inChromium(join(dir, 'dist')), EXPECTED);
  });

  for (const format of ['esm', 'iife']) {
    test(`esbuild (${format}, minified)`, async () => {
      const dir = app(`esbuild-${format}`);
      sh(bin('esbuild'), ['main.js', '--bundle', '--minify', `--format=${format}`, '--outfile=dist/main.js', '--log-level=warning'], { cwd: dir });
      page(join(dir, 'dist'), `esbuild-${format}`, [['./main.js', format === 'esm' ? 'module' : 'classic']]);
      assert.deepEqual(await inChromium(join(dir, 'dist')), EXPECTED);
    });
  }

  test('rollup with only @rollup/plugin-node-resolve', async () => {
    const dir = app('rollup');
    sh(bin('rollup'), ['main.js', '-p', 'node-resolve', '-f', 'es', '-o', 'dist/main.js', '--silent'], { cwd: dir });
    page(join(dir, 'dist'), 'rollup', [['./main.js', 'module']]);
    assert.deepEqual(await inChromium(join(dir, 'dist')), EXPECTED);
  });

  test('a plain <script type="module"> importing the package files', async () => {
    const dir = join(work, 'plain');
    cpSync(join(work, 'node_modules', 'hostup-backups'), join(dir, 'hostup-backups'), { recursive: true });
    cpSync(join(here, 'browser', 'plain.js'), join(dir, 'plain.js'));
    cpSync(join(here, 'scenario.mjs'), join(dir, 'scenario.mjs'));
    page(dir, 'plain', [['./plain.js', 'module']]);
    assert.deepEqual(await inChromium(dir), EXPECTED);
  });

  test('a classic <script> using the global HostupBackups', async () => {
    const dir = join(work, 'classic');
    cpSync(join(work, 'node_modules', 'hostup-backups'), join(dir, 'hostup-backups'), { recursive: true });
    cpSync(join(here, 'browser', 'classic.js'), join(dir, 'classic.js'));
    writeFileSync(join(dir, 'scenario.js'), scenarioAs('script'));
    page(dir, 'classic', [['./hostup-backups/umd/index.js'], ['./scenario.js'], ['./classic.js']]);
    assert.deepEqual(await inChromium(dir), EXPECTED);
  });
});

describe('Node', () => {
  let dir;
  before(() => {
    dir = join(work, 'node');
    cpSync(join(here, 'node'), dir, { recursive: true });
    cpSync(join(here, 'scenario.mjs'), join(dir, 'scenario.mjs'));
    writeFileSync(join(dir, 'scenario.cjs'), scenarioAs('cjs'));
  });

  test('ES module', async () => {
    assert.deepEqual(await runNode(['esm.mjs'], { cwd: dir }), EXPECTED);
  });

  test('CommonJS', async () => {
    assert.deepEqual(await runNode(['cjs.cjs'], { cwd: dir }), EXPECTED);
  });

  test('a worker_thread', async () => {
    assert.deepEqual(await runNode(['worker.mjs'], { cwd: dir }), EXPECTED);
  });

  for (const [format, entry] of [['cjs', 'cjs.cjs'], ['esm', 'esm.mjs']]) {
    test(`an esbuild --platform=node bundle (${format}), run away from node_modules`, async () => {
      const out = join(work, `node-bundle-${format}`);
      const file = `bundle.${format === 'cjs' ? 'cjs' : 'mjs'}`;
      sh(bin('esbuild'), [entry, '--bundle', '--platform=node', `--format=${format}`, `--outfile=${join(out, file)}`, '--log-level=warning'], { cwd: dir });
      // A deployed bundle (a Lambda, a container) has no node_modules and no package files beside it.
      const alone = join(tmpdir(), `hostup-bundle-${format}-${process.pid}`);
      rmSync(alone, { recursive: true, force: true });
      mkdirSync(alone);
      cpSync(join(out, file), join(alone, file));
      try {
        assert.deepEqual(await runNode([file], { cwd: alone }), EXPECTED);
      } finally {
        rmSync(alone, { recursive: true, force: true });
      }
    });
  }
});

describe('Jest', () => {
  test('the node and jsdom environments', async () => {
    const dir = join(work, 'jest');
    cpSync(join(here, 'jest'), dir, { recursive: true });
    writeFileSync(join(dir, 'scenario.cjs'), scenarioAs('cjs'));
    const sim = await startSim(['--job-ms', '50']);
    try {
      sh(bin('jest'), ['--ci', '--rootDir', dir, '--testMatch', '**/*.test.cjs'], { cwd: dir, env: { HOSTUP_URL: sim.url, HOSTUP_KEY: sim.key } });
    } finally {
      await sim.stop();
    }
  });
});

describe('TypeScript', () => {
  const projects = {
    'node16 from ESM': { type: 'module', module: 'node16', moduleResolution: 'node16' },
    'node16 from CJS': { type: 'commonjs', module: 'node16', moduleResolution: 'node16' },
    nodenext: { type: 'module', module: 'nodenext', moduleResolution: 'nodenext' },
    bundler: { type: 'module', module: 'esnext', moduleResolution: 'bundler' },
    '`using`, lib esnext.disposable': { type: 'module', module: 'nodenext', moduleResolution: 'nodenext', disposable: true },
  };
  for (const [name, { type, module, moduleResolution, disposable }] of Object.entries(projects)) {
    test(name, () => {
      const dir = join(work, `ts-${name.replace(/\W+/g, '-')}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type }));
      // Without esnext.disposable the package's own `SymbolConstructor.dispose` declaration must suffice; with it,
      // the two must agree and `using` must accept a client.
      const lib = ['es2022', 'dom', ...(disposable ? ['esnext.disposable'] : [])];
      const files = ['usage.ts', ...(disposable ? ['dispose.ts'] : [])];
      const compilerOptions = { strict: true, noEmit: true, target: 'es2022', module, moduleResolution, lib, types: [], skipLibCheck: false };
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files }));
      for (const f of files) cpSync(join(here, 'ts', f), join(dir, f));
      sh(bin('tsc'), ['-p', dir]);
    });
  }
});
