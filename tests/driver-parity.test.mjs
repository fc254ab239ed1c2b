// The package's JS driver (crates/wasm/js/driver.js) obeys the same core decisions as the Rust client: the scenarios
// of crates/client/tests/faults.rs, against the same simulator flags, with the same counts asserted.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HostupApiError, HostupClient } from 'hostup-backups';
import { setFaults, simStats, startSim } from './support/sim.mjs';

test('reads get through 500, 502, truncated and dropped answers: every injected fault costs exactly one retry', { timeout: 120_000 }, async () => {
  const sim = await startSim(['--control', '--fault-rate', '0.3', '--seed', '7', '--rate-limit', '100000']);
  try {
    const c = new HostupClient({ apiKey: sim.key, baseUrl: sim.url, maxRetries: 10 });
    const ids = (await c.listVps()).data.map((v) => v.id);
    let calls = 1;
    for (let round = 0; round < 3; round++) {
      const id = ids[round % ids.length];
      await c.getVps(id);
      await c.getVpsStatus(id);
      await c.listBackups(id);
      await c.listSnapshots(id);
      await c.listBackupSchedules(id);
      calls += 5;
    }
    const stats = await simStats(sim);
    const faults = stats.faultsInjected;
    assert.ok(faults.total > 0, JSON.stringify(faults));
    assert.equal(stats.requests, calls + faults.total, 'one retry per fault, nothing else');
  } finally {
    await sim.stop();
  }
});

test('restores are never retried under faults: one request per restore, at most one accepted', { timeout: 120_000 }, async () => {
  const flags = ['--control', '--vps-count', '12', '--fault-rate', '0.4', '--fault-after-rate', '0.4', '--seed', '5', '--rate-limit', '100000'];
  const sim = await startSim(flags);
  try {
    const reader = new HostupClient({ apiKey: sim.key, baseUrl: sim.url, maxRetries: 10 });
    const ids = (await reader.listVps()).data.map((v) => v.id);
    const targets = [];
    for (const [i, id] of ids.entries()) {
      if (i % 2 === 0) targets.push([id, true, (await reader.listSnapshots(id)).data[0].name]);
      else targets.push([id, false, (await reader.listBackups(id)).backups[0].id]);
    }
    const c = new HostupClient({ apiKey: sim.key, baseUrl: sim.url });
    const before = (await simStats(sim)).requests;
    const results = [];
    for (const [id, snapshot, what] of targets) {
      const call = snapshot ? c.restoreSnapshot(id, what, { confirm: what }) : c.restoreBackup(id, what, { confirm: what });
      results.push(await call.then(() => null, (e) => e));
    }
    const stats = await simStats(sim);
    assert.equal(stats.requests - before, targets.length, 'one request per restore (the simulator does not count its stats reads)');
    const failed = results.filter(Boolean);
    assert.ok(failed.length > 0 && failed.length < results.length, 'the seed faults some restores, not all');
    assert.ok(stats.restoresAccepted >= results.length - failed.length && stats.restoresAccepted <= results.length);
  } finally {
    await sim.stop();
  }
});

test('a restore is not retried on 429; the caller gets the wait, and the next call waits it out', { timeout: 60_000 }, async () => {
  const sim = await startSim(['--control', '--job-ms', '200']);
  try {
    const c = new HostupClient({ apiKey: sim.key, baseUrl: sim.url });
    const id = (await c.listVps()).data[0].id;
    const name = (await c.listSnapshots(id)).data[0].name;
    await setFaults(sim, { storm: true });
    const before = await simStats(sim);
    const e = await c.restoreSnapshot(id, name, { confirm: name }).then(() => null, (err) => err);
    assert.ok(e instanceof HostupApiError, String(e));
    assert.equal(e.status, 429);
    assert.equal(e.code, 'rate_limit_exceeded');
    assert.ok(e.retryAfterMs >= 0);
    const after = await simStats(sim);
    assert.equal(after.requests - before.requests, 1, 'one restore request');
    assert.equal(after.rateLimited - before.rateLimited, 1);
    assert.equal(after.restoresAccepted, 0);
    await setFaults(sim, { storm: false });
    await c.restoreSnapshot(id, name, { confirm: name });
    const end = await simStats(sim);
    assert.equal(end.restoresAccepted, 1);
  } finally {
    await sim.stop();
  }
});
