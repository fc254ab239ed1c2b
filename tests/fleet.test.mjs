// examples/fleet-snapshot.mjs against 300 simulated VPS under a 600/min rate limit: every job completes, no call
// fails by a 429, and no VPS gets two snapshots.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { simStats, startSim } from './support/sim.mjs';

test('the fleet example snapshots 300 VPS and waits for every job', { timeout: 240_000 }, async () => {
  const sim = await startSim(['--vps-count', '300', '--rate-limit', '600', '--job-ms', '1000', '--control']);
  try {
    const started = Date.now();
    const child = spawn(process.execPath, ['examples/fleet-snapshot.mjs', '--base-url', sim.url, '--name', 'fleet-test', '--concurrency', '300'], {
      env: { ...process.env, HOSTUP_API_KEY: sim.key },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    const seconds = (Date.now() - started) / 1000;
    assert.equal(code, 0, `the script failed:\n${stderr}`);
    const summary = JSON.parse(stdout.trim().split('\n').at(-1));
    assert.deepEqual({ vps: summary.vps, created: summary.created, completed: summary.completed, failed: summary.failed }, { vps: 300, created: 300, completed: 300, failed: 0 });
    assert.match(stdout, /\[fleet\] 300 VPS · created 300 · completed 300 · failed 0/);
    const stats = await simStats(sim);
    assert.equal(stats.createsAccepted.snapshots, 300, 'exactly one snapshot per VPS');
    assert.equal(stats.duplicates.snapshots, 0);
    console.log(`fleet: 300 VPS in ${seconds.toFixed(1)} s, ${stats.requests} requests, ${stats.rateLimited} answered 429`);
  } finally {
    await sim.stop();
  }
});
