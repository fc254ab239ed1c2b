// Short coverage-guided fuzz runs of every target in fuzz/ (libFuzzer through cargo-fuzz, on the stable toolchain
// with `-s none`: no sanitizer, so no nightly `-Z` flag is needed). See SECURITY.md.
//
//   node scripts/fuzz.mjs                 # every target, FUZZ_SECONDS (default 30) seconds each
//   FUZZ_SECONDS=10 node scripts/fuzz.mjs
//   node scripts/fuzz.mjs problem headers # only these targets
//
// Installs cargo-fuzz when it is missing (and says so). Exits 0 with a "skipped: <reason>" line when the fuzzer
// cannot be built here, 1 when a target crashes (the input is kept in fuzz/artifacts/<target>/), else 0.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, say, targetDir } from './lib.mjs';

const seconds = Math.max(1, Number(process.env.FUZZ_SECONDS || 30) | 0);
const fuzzDir = join(root, 'fuzz');
const fuzzTarget = join(targetDir, 'fuzz');
const all = [...readFileSync(join(fuzzDir, 'Cargo.toml'), 'utf8').matchAll(/^name = "([a-z_]+)"$/gm)]
  .map((m) => m[1])
  .filter((n) => n !== 'hostup-fuzz');
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const targets = wanted.length ? all.filter((t) => wanted.includes(t)) : all;
const started = Date.now();

function skip(reason) {
  console.log(`fuzz: skipped: ${reason}`);
  process.exit(0);
}

function sh(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
}

// 1. cargo-fuzz.
if (sh('cargo', ['fuzz', '--version']).status !== 0) {
  say('cargo-fuzz is missing: installing it with `cargo install cargo-fuzz --locked` (once, ~2 min)');
  const r = sh('cargo', ['install', 'cargo-fuzz', '--locked'], { stdio: 'inherit' });
  if (r.status !== 0) skip('`cargo install cargo-fuzz` failed (no crates.io access or no C++ compiler?)');
}

// 2. Build every target once. `-s none`: libFuzzer's coverage instrumentation only (stable `-C` flags).
const common = ['-s', 'none', '--target-dir', fuzzTarget];
say(`$ cargo fuzz build ${common.join(' ')}`);
let build = sh('cargo', ['fuzz', 'build', ...common]);
if (build.status !== 0 && /nightly|-Z|unstable/.test(build.stderr)) {
  say('the build wants nightly-only flags: retrying with RUSTC_BOOTSTRAP=1');
  build = sh('cargo', ['fuzz', 'build', ...common], { env: { ...process.env, RUSTC_BOOTSTRAP: '1' } });
}
if (build.status !== 0) {
  const err = build.stderr || '';
  // A compile error in our own targets or in the core is a failure; a toolchain that cannot build libFuzzer is not.
  if (/error(\[E\d+\])?: .*\n\s*--> (fuzz_targets|.*crates\/core)/.test(err) || /could not compile `(hostup-fuzz|hostup-core)`/.test(err)) {
    process.stderr.write(err);
    console.error('fuzz: the fuzz targets do not compile');
    process.exit(1);
  }
  skip(`the fuzzer cannot be built with this toolchain: ${err.trim().split('\n').slice(-3).join(' | ')}`);
}

// 3. Run each target for `seconds`, from the committed seeds (read-only) plus a working corpus in the target dir.
const results = [];
for (const t of targets) {
  const work = join(fuzzTarget, 'corpus', t);
  const artifacts = join(fuzzDir, 'artifacts', t);
  mkdirSync(work, { recursive: true });
  mkdirSync(artifacts, { recursive: true });
  const before = new Set(readdirSync(artifacts));
  const args = ['fuzz', 'run', ...common, t, work, join('fuzz', 'corpus', t), '--',
    `-max_total_time=${seconds}`, '-print_final_stats=1', '-max_len=16384', '-timeout=10', '-rss_limit_mb=2048',
    `-artifact_prefix=${artifacts}/`];
  say(`$ cargo ${args.join(' ')}`);
  const r = sh('cargo', args, { env: { ...process.env, RUSTC_BOOTSTRAP: build.status === 0 ? process.env.RUSTC_BOOTSTRAP || '' : '1' } });
  const log = `${r.stdout}\n${r.stderr}`;
  const execs = Number(log.match(/stat::number_of_executed_units:\s*(\d+)/)?.[1] ?? 0);
  const crashes = readdirSync(artifacts).filter((f) => !before.has(f));
  const ok = r.status === 0 && crashes.length === 0;
  if (!ok) {
    process.stderr.write(log.split('\n').filter((l) => !/^#\d+\s/.test(l)).slice(-40).join('\n') + '\n');
  }
  results.push({ t, execs, ok, crashes: crashes.map((c) => join('fuzz', 'artifacts', t, c)) });
  console.log(`fuzz: ${t}: ${execs} executions in ${seconds} s, ${ok ? 'no crash' : `CRASH ${crashes.join(' ') || `(exit ${r.status})`}`}`);
}

const failed = results.filter((r) => !r.ok);
console.log(`fuzz: ${results.length} targets, ${results.reduce((n, r) => n + r.execs, 0)} executions, ` +
  `${failed.length} crashed, in ${Math.round((Date.now() - started) / 1000)} s`);
for (const f of failed) console.log(`fuzz: reproduce with: cargo fuzz run -s none ${f.t} ${f.crashes[0] ?? ''}`);
console.log(`fuzz: ${results.length - failed.length} passed, ${failed.length} failed`);
process.exit(failed.length ? 1 : 0);
