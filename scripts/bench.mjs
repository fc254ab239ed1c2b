// `npm run bench`: sets up what the benchmarks need (npm devDependencies, wasm tools, the simulator, and the npm
// package, the baseline bundle and the demo when missing or older than their sources), runs every benchmark, prints
// one table and writes <target>/bench/results.json. Method and latest numbers: BENCHMARKS.md.
//   node scripts/bench.mjs [--quick]      (--quick: fewer repetitions, for trying the script out)
//   honours CARGO_TARGET_DIR (default <repo>/target)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { cpus } from 'node:os';
import { capture, root, run, say, targetDir } from './lib.mjs';
import { ensureChromium, ensureNpm, ensureWasmTools } from './setup.mjs';

const quick = process.argv.includes('--quick');
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;

// ─── Setup ─────────────────────────────────────────────────────────────────────────────────────────────────────────

/** Newest modification time (ms) of the files under `paths` (files or directories), 0 when none exist. */
function newest(paths) {
  let t = 0;
  const walk = (p) => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (s.isDirectory()) {
      for (const f of readdirSync(p)) if (f !== 'node_modules' && f !== 'dist' && f !== 'target') walk(join(p, f));
    } else t = Math.max(t, s.mtimeMs);
  };
  for (const p of paths) walk(join(root, p));
  return t;
}

function mtime(path) {
  return existsSync(path) ? statSync(path).mtimeMs : 0;
}

/** Whether `output` is missing or older than any of `inputs`; says why. */
function stale(output, inputs, what) {
  const out = mtime(output);
  if (out === 0) {
    say(`${what}: ${relative(root, output)} is missing, building it`);
    return true;
  }
  if (newest(inputs) > out) {
    say(`${what}: sources are newer than ${relative(root, output)}, rebuilding it`);
    return true;
  }
  return false;
}

const RUST_LIB = ['Cargo.lock', 'Cargo.toml', 'crates/core/src', 'crates/core/Cargo.toml', 'crates/client/src', 'crates/client/Cargo.toml'];

async function setup() {
  ensureNpm();
  ensureWasmTools();
  if (!capture('twiggy', ['--version'])) {
    say('installing twiggy (the wasm size profiler of the size benchmark) — a minute, once');
    run('cargo', ['install', 'twiggy']);
  }
  const env = { CARGO_TARGET_DIR: targetDir };

  const sim = join(targetDir, 'release', 'hostup-sim');
  if (stale(sim, ['Cargo.lock', 'crates/sim/src', 'crates/sim/Cargo.toml'], 'simulator')) {
    run('cargo', ['build', '--release', '-p', 'hostup-sim'], { env });
  }
  process.env.HOSTUP_SIM_BIN = sim;

  const pkgInputs = [...RUST_LIB, 'crates/wasm/src', 'crates/wasm/js', 'crates/wasm/Cargo.toml', 'scripts/build-pkg.mjs'];
  const pkgWasm = join(root, 'pkg', 'umd', 'index.js');
  const rawWasm = join(targetDir, 'wasm32-unknown-unknown', 'release', 'hostup_wasm.wasm');
  if (stale(pkgWasm, pkgInputs, 'npm package') || !existsSync(join(root, 'node_modules', 'hostup-backups'))) {
    const { buildPkg } = await import('./build-pkg.mjs');
    buildPkg();
  }
  // The size profile needs cargo's own output (names intact), which a package built elsewhere did not leave here.
  if (stale(rawWasm, pkgInputs, 'wasm for the size profile')) {
    run('cargo', ['build', '--lib', '--release', '--target', 'wasm32-unknown-unknown', '-p', 'hostup-wasm'], { env });
  }

  const baseline = join(root, 'bench', 'baseline', 'dist', 'baseline.js');
  if (stale(baseline, ['bench/baseline/src', 'bench/baseline/build.mjs', 'node_modules/zod/package.json'], 'baseline bundle')) {
    const { buildBaseline } = await import('../bench/baseline/build.mjs');
    await buildBaseline({ quiet: true });
  }

  const demoInputs = [...RUST_LIB, 'crates/leptos', 'web/index.html', 'web/demo.css', 'web/leptos', 'web/js', 'scripts/build-demo.mjs'];
  const demoWasm = join(root, 'web', 'dist', 'leptos', 'demo_bg.wasm');
  if (stale(demoWasm, demoInputs, 'demo') || (existsSync(join(root, 'web', 'js')) && !existsSync(join(root, 'web', 'dist', 'js')))) {
    const { buildDemo } = await import('./build-demo.mjs');
    buildDemo();
  }
  return { chromium: ensureChromium() };
}

// ─── Benchmarks ────────────────────────────────────────────────────────────────────────────────────────────────────

function machine() {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  return {
    nproc: cpus().length,
    cpu: cpuinfo.match(/model name\s*:\s*(.+)/)?.[1] ?? cpus()[0]?.model ?? 'unknown',
    node: process.version,
    rustc: capture('rustc', ['--version']),
    chromium: capture('/usr/bin/chromium', ['--version']),
    load: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
    date: new Date().toISOString(),
  };
}

function pollBench() {
  say('poll: cargo bench -p hostup-core --bench poll');
  const r = spawnSync('cargo', ['bench', '-q', '-p', 'hostup-core', '--bench', 'poll'], {
    cwd: root,
    env: { ...process.env, CARGO_TARGET_DIR: targetDir },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 << 20,
  });
  if (r.status !== 0) throw new Error('cargo bench failed');
  return r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
}

async function benchmarks(env) {
  const results = { machine: machine(), quick };
  const { measureSizes, twiggyTop } = await import('../bench/size.mjs');
  say(`size (${elapsed()})`);
  results.size = measureSizes();
  results.size.twiggy = twiggyTop(15);

  say(`parse and validate, in a child process (${elapsed()})`);
  const { node, lastJson } = await import('../bench/lib.mjs');
  const parse = await node([join(root, 'bench', 'parse.mjs'), ...(quick ? ['--quick'] : [])]);
  process.stderr.write(parse.stderr);
  if (parse.code !== 0) throw new Error('bench/parse.mjs failed');
  results.parse = lastJson(parse.stdout);

  say(`cold start (${elapsed()})`);
  const { coldStart } = await import('../bench/coldstart.mjs');
  results.coldStart = await coldStart({ runs: quick ? 4 : 10 });

  say(`job waiting: virtual clock (${elapsed()})`);
  results.poll = pollBench();
  say(`job waiting: against the simulator (${elapsed()})`);
  const { waitOnSim } = await import('../bench/wait.mjs');
  results.waitOnSim = await waitOnSim({ reps: quick ? 1 : 3 });

  say(`fleet: 300 VPS, 600 requests/min (${elapsed()})`);
  const { fleet } = await import('../bench/fleet.mjs');
  results.fleet = await fleet();
  say(`fleet again with 3 s jobs (${elapsed()})`);
  results.fleetWide = await fleet({ jobMs: 3000 });

  if (env.chromium) {
    say(`widget in Chromium (${elapsed()})`);
    const { widget } = await import('../bench/widget.mjs');
    results.widget = await widget({ runs: quick ? 2 : 7 });
  } else {
    say('widget: skipped, chromium is not installed');
  }
  results.seconds = (Date.now() - started) / 1000;
  return results;
}

// ─── The table ─────────────────────────────────────────────────────────────────────────────────────────────────────

const kb = (b) => `${(b / 1024).toFixed(1)} KiB`;
const us = (x) => (x >= 10_000 ? `${(x / 1000).toFixed(1)} ms` : x >= 100 ? `${x.toFixed(0)} µs` : `${x.toFixed(1)} µs`);
const ms = (x) => `${x.toFixed(0)} ms`;
const ops = (x) => `${x >= 1e6 ? (x / 1e6).toFixed(2) + ' M' : (x / 1e3).toFixed(0) + ' k'}/s`;
const x2 = (r) => `${r.toFixed(2)}×`;
const yes = (b) => (b ? 'met' : 'NOT met');

/** Rows of [benchmark, case, ours, baseline, ours/baseline, target, verdict]; also the targets' verdicts. */
export function table(r) {
  const rows = [];
  const targets = [];
  const target = (name, met, detail) => {
    targets.push({ name, met, detail });
    return yes(met);
  };
  const { pkg, baseline, demoWasm } = r.size;
  const pkgOk = pkg.gzip <= 60 * 1024 && pkg.gzip <= 3 * baseline.gzip;
  rows.push(['size', 'npm package (wasm+JS), gzip', kb(pkg.gzip), kb(baseline.gzip), x2(pkg.gzip / baseline.gzip), '≤ 60 KiB and ≤ 3×', target('package ≤ 60 KB gzipped and ≤ 3× the baseline bundle', pkgOk, `${kb(pkg.gzip)} gzip, ${x2(pkg.gzip / baseline.gzip)} the baseline's ${kb(baseline.gzip)}`)]);
  rows.push(['size', 'npm package (wasm+JS), brotli', kb(pkg.brotli), kb(baseline.brotli), x2(pkg.brotli / baseline.brotli), '', '']);
  rows.push(['size', 'npm package, raw', kb(pkg.raw), kb(baseline.raw), x2(pkg.raw / baseline.raw), '', '']);
  rows.push(['size', 'demo page wasm, gzip / brotli', `${kb(demoWasm.gzip)} / ${kb(demoWasm.brotli)}`, '', '', '', '']);
  for (const l of r.parse.list) {
    const row = ['parse', `listBackups, ${l.backups.toLocaleString('en')} backups (${kb(l.bytes)})`, us(l.oursUs), us(l.baselineUs), x2(l.ratio), '', ''];
    if (l.backups === 1000) {
      row[5] = '≤ 1× (JSON.parse+zod)';
      row[6] = target('parse of 1,000 backups no slower than JSON.parse + zod', l.ratio <= 1, `ours ${us(l.oursUs)} vs baseline listBackups ${us(l.baselineUs)} (${x2(l.ratio)}); JSON.parse + zod alone ${us(l.baselineParseOnlyUs)}, JSON.parse alone ${us(l.jsonParseUs)}`);
    }
    rows.push(row);
  }
  for (const l of r.parse.list) {
    rows.push(['parse', `  floor: ${l.backups.toLocaleString('en')} — JSON.parse+zod / JSON.parse`, '', `${us(l.baselineParseOnlyUs)} / ${us(l.jsonParseUs)}`, x2(l.oursUs / l.baselineParseOnlyUs) + ' vs zod', '', '']);
  }
  for (const v of r.parse.validators) {
    rows.push(['validate', `${v.fn}, ${v.input}${v.errors ? ` (${v.errors} error${v.errors > 1 ? 's' : ''})` : ''}`, ops(v.oursPerSec), ops(v.baselinePerSec), x2(v.oursPerSec / v.baselinePerSec) + ' speed', '', '']);
  }
  const c = r.coldStart;
  rows.push(['cold start', `spawn → first request (median of ${c.runs})`, ms(c.oursMs), ms(c.baselineMs), x2(c.ratio), '', '']);
  rows.push(['cold start', '  floor: node + bare fetch', '', ms(c.nodeFetchMs), '', '', '']);

  const polls = (kind, poller, d) => r.poll.find((p) => p.kind === kind && p.poller === poller && p.durationMs === d);
  const fmtDur = (d) => (d >= 3_600_000 ? `${d / 3_600_000} h` : d >= 60_000 ? `${d / 60_000} min` : `${d / 1000} s`);
  for (const kind of ['snapshot', 'backup']) {
    for (const d of [...new Set(r.poll.map((p) => p.durationMs))]) {
      const a = polls(kind, 'adaptive', d);
      const f5 = polls(kind, 'fixed500', d);
      const f50 = polls(kind, 'fixed5000', d);
      const ok = a.pollsMedian <= f5.pollsMedian / 3 && a.delayMedianPct < 10;
      rows.push([
        'job wait (virtual)',
        `${kind} ${fmtDur(d)}: polls · median delay`,
        `${a.pollsMedian} · ${ms(a.delayMedianMs)} (${a.delayMedianPct.toFixed(1)}%)`,
        `500 ms: ${f5.pollsMedian} · ${ms(f5.delayMedianMs)}; 5 s: ${f50.pollsMedian} · ${ms(f50.delayMedianMs)}`,
        x2(a.pollsMedian / f5.pollsMedian) + ' polls',
        '≤ ⅓ polls, < 10%',
        yes(ok),
      ]);
    }
  }
  const waitRows = r.poll.filter((p) => p.poller === 'adaptive');
  const waitMet = waitRows.filter((a) => {
    const f5 = polls(a.kind, 'fixed500', a.durationMs);
    return a.pollsMedian <= f5.pollsMedian / 3 && a.delayMedianPct < 10;
  });
  target('polls per job ≤ ⅓ of the fixed-500 ms poller, median detection delay < 10 % of the job', waitMet.length === waitRows.length, `met for ${waitMet.length} of ${waitRows.length} (kind, duration) points: ${waitMet.map((a) => `${a.kind} ${fmtDur(a.durationMs)}`).join(', ') || 'none'}`);
  for (const w of r.waitOnSim) {
    rows.push([
      'job wait (sim)',
      `${w.kind} ${fmtDur(w.jobMs)}: polls · median delay`,
      `${w.ours.polls} · ${ms(w.ours.delayMs)} (${w.oursDelayPct.toFixed(1)}%)`,
      `1 s: ${w.baseline1000.polls} · ${ms(w.baseline1000.delayMs)}; 500 ms: ${w.baseline500.polls} · ${ms(w.baseline500.delayMs)}`,
      x2(w.pollRatioVs500) + ' polls vs 500 ms',
      '',
      '',
    ]);
  }
  const f = r.fleet;
  const fleetOk = f.seconds <= 1.25 * f.lowerBound && f.rateLimited === 0;
  rows.push(['fleet', `${f.vps} VPS, ${f.rateLimit}/min, job ${f.jobMs} ms, concurrency ${f.concurrency}`, `${f.seconds.toFixed(1)} s`, `lower bound ${f.lowerBound.toFixed(1)} s`, x2(f.ratio) + ' bound', '≤ 1.25×, 0 × 429', target('fleet within 1.25× of its lower bound with zero 429s', fleetOk, `${f.seconds.toFixed(1)} s vs ${f.lowerBound.toFixed(1)} s (${x2(f.ratio)}), ${f.rateLimited} × 429`)]);
  rows.push(['fleet', '  requests · 429s · snapshots', `${f.requests} · ${f.rateLimited} · ${f.snapshotsAccepted}`, `least possible ${2 * f.vps + 1}`, '', '', '']);
  rows.push(['fleet', '  bounds: concurrency · requests sent', `${f.concurrencyBound.toFixed(1)} s · ${f.requestBound.toFixed(1)} s`, '', '', '', '']);
  if (r.fleetWide) {
    const w = r.fleetWide;
    rows.push(['fleet', `  same, job ${w.jobMs} ms`, `${w.seconds.toFixed(1)} s`, `lower bound ${w.lowerBound.toFixed(1)} s`, x2(w.ratio) + ' bound', '', `${w.requests} req · ${w.rateLimited} × 429`]);
  }
  if (r.widget) {
    for (const [label, name] of [['seeded', 'first backup list (seeded VPS)'], ['1000', '1,000 backups listed']]) {
      const w = r.widget[label];
      const row = ['widget', `${name}: navigation → rendered`, ms(w.widget.renderedMs), ms(w.plainJsBaseline.renderedMs), x2(w.widget.renderedMs / w.plainJsBaseline.renderedMs), '', ''];
      if (label === 'seeded') {
        row[5] = '≤ 500 ms';
        row[6] = target('first list rendered within 500 ms of navigation', w.widget.renderedMs <= 500, `${ms(w.widget.renderedMs)} (painted ${ms(w.widget.paintedMs)})`);
      }
      rows.push(row);
      rows.push(['widget', `  ${label === '1000' ? '1,000' : 'seeded'}: backups response → rendered`, ms(w.widget.renderAfterResponseMs), ms(w.plainJsBaseline.renderAfterResponseMs), '', '', '']);
      rows.push(['widget', `  ${label === '1000' ? '1,000' : 'seeded'}: plain-JS page with the npm package`, ms(w.plainJsOurs.renderedMs), '', x2(w.plainJsOurs.renderedMs / w.plainJsBaseline.renderedMs), '', '']);
    }
  } else {
    target('first list rendered within 500 ms of navigation', false, 'not measured: chromium missing');
  }
  return { rows, targets };
}

export function render(rows) {
  const head = ['benchmark', 'case', 'ours', 'baseline', 'ours / baseline', 'target', 'verdict'];
  const all = [head, ...rows];
  const width = head.map((_, i) => Math.max(...all.map((r) => String(r[i]).length)));
  const line = (r) => `| ${r.map((c, i) => String(c).padEnd(width[i])).join(' | ')} |`;
  return [line(head), `|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

// ─── Main ──────────────────────────────────────────────────────────────────────────────────────────────────────────

if (import.meta.url === `file://${process.argv[1]}`) {
  const env = await setup();
  say(`setup done (${elapsed()}); benchmarking — timings are medians, ratios are against the baseline of the same run`);
  const results = await benchmarks(env);
  const { rows, targets } = table(results);
  results.targets = targets;
  const out = join(targetDir, 'bench');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const m = results.machine;
  console.log(`\nhostup-backups benchmarks — ${m.cpu}, ${m.nproc} cores (load ${m.load}), node ${m.node}, ${m.rustc}\n`);
  console.log(render(rows));
  console.log('\ntop contributors to the package wasm (twiggy, shallow bytes):');
  for (const i of results.size.twiggy.top) console.log(`  ${String(i.bytes).padStart(7)} B ${i.pct.toFixed(1).padStart(5)}%  ${i.crate.padEnd(28)} ${i.name.slice(0, 90)}`);
  console.log('by crate:');
  for (const c of results.size.twiggy.crates.slice(0, 15)) console.log(`  ${String(c.bytes).padStart(7)} B ${c.pct.toFixed(1).padStart(5)}%  ${c.crate}`);
  console.log('\ntargets:');
  for (const t of targets) console.log(`  ${t.met ? 'met    ' : 'NOT met'}  ${t.name}: ${t.detail}`);
  say(`results: ${join(out, 'results.json')} — ${results.seconds.toFixed(0)} s of benchmarks, ${elapsed()} in all`);
}
