// Helpers shared by the benchmarks: medians, calibrated timing loops, child processes.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  const pos = q * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

/** How many calls of `fn` (async or not) fill about `targetMs`. */
export async function calibrate(fn, targetMs) {
  let n = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await fn();
    const dt = performance.now() - t0;
    if (dt >= targetMs / 4 || n >= 1 << 20) return Math.max(1, Math.round((n * targetMs) / Math.max(dt, 0.001)));
    n *= 4;
  }
}

/**
 * Times several functions side by side: `rounds` rounds, each running every function `iters[k]` times in turn (the
 * order alternates between rounds so drift hits both). Returns the median µs per call of each.
 */
export async function race(fns, { rounds = 15, roundMs = 60, warmupMs = 150 } = {}) {
  const names = Object.keys(fns);
  const iters = {};
  for (const name of names) {
    await calibrate(fns[name], warmupMs); // warm up (JIT, wasm tier-up)
    iters[name] = await calibrate(fns[name], roundMs);
  }
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 ? [...names].reverse() : names;
    for (const name of order) {
      const fn = fns[name];
      const n = iters[name];
      const t0 = performance.now();
      for (let i = 0; i < n; i++) await fn();
      samples[name].push(((performance.now() - t0) * 1000) / n);
    }
  }
  return Object.fromEntries(names.map((n) => [n, { usPerCall: median(samples[n]), iters: iters[n], rounds, samples: samples[n] }]));
}

/** Runs `node args…` and resolves with { code, stdout, stderr }. */
export function node(args, { env = {}, cwd } = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The last line of `stdout` that is a JSON object. */
export function lastJson(stdout) {
  const line = stdout.trim().split('\n').reverse().find((l) => l.startsWith('{'));
  if (!line) throw new Error(`no JSON line in:\n${stdout}`);
  return JSON.parse(line);
}
