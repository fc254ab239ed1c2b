// Fleet: examples/fleet-snapshot.mjs (default concurrency 500) against `hostup-sim --vps-count 300 --rate-limit 600
// --job-ms JOB_MS`. Wall time from spawning the script to its exit, requests the sim answered, 429s it sent.
//
// Lower bounds (N VPS, bucket B = 600 requests refilling at r = 10/s, job duration J):
//  - API bound: any client needs 1 listVps + N creates + at least one poll per job after it ends = 2N + 1 requests,
//    and the last job ends no earlier than J after the first request. Requests beyond the burst take (R − B)/r, so
//    LB = max(0, 2N + 1 − B)/r + J  (the brief's formula, with R the least possible request count).
//  - Concurrency bound: the example runs C workers, each creating and then waiting for its VPS's job, so it needs
//    at least ceil(N/C) job durations back to back: LBc = ceil(N/C)·J.
//  - Request bound: with the R requests it actually sent, it cannot have finished before max(0, R − B)/r.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { root } from '../scripts/lib.mjs';
import { simStats, startSim } from '../tests/support/sim.mjs';

export const FLEET = { vps: 300, rateLimit: 600, jobMs: 1000, concurrency: 500 };

export async function fleet({ jobMs = FLEET.jobMs, concurrency = FLEET.concurrency } = {}) {
  const { vps, rateLimit } = FLEET;
  const sim = await startSim(['--vps-count', String(vps), '--rate-limit', String(rateLimit), '--job-ms', String(jobMs), '--control']);
  try {
    const t0 = performance.now();
    const child = spawn(
      process.execPath,
      [join(root, 'examples', 'fleet-snapshot.mjs'), '--base-url', sim.url, '--name', 'bench-fleet', '--concurrency', String(concurrency)],
      { env: { ...process.env, HOSTUP_API_KEY: sim.key }, cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise((r) => child.on('exit', r));
    const seconds = (performance.now() - t0) / 1000;
    if (code !== 0) throw new Error(`fleet example failed (${code}):\n${stderr}`);
    const summary = JSON.parse(stdout.trim().split('\n').at(-1));
    const stats = await simStats(sim);
    const rate = rateLimit / 60;
    const J = jobMs / 1000;
    const lowerBound = Math.max(0, 2 * vps + 1 - rateLimit) / rate + J;
    const concurrencyBound = Math.ceil(vps / concurrency) * J;
    const requestBound = Math.max(0, stats.requests - rateLimit) / rate;
    return {
      vps,
      rateLimit,
      jobMs,
      concurrency,
      completed: summary.completed,
      failed: summary.failed,
      seconds,
      scriptSeconds: summary.seconds,
      requests: stats.requests,
      rateLimited: stats.rateLimited,
      snapshotsAccepted: stats.createsAccepted.snapshots,
      lowerBound,
      concurrencyBound,
      requestBound,
      ratio: seconds / lowerBound,
    };
  } finally {
    await sim.stop();
  }
}
