// `client.auditBackups()` against the real simulator: the varied fleet's findings on the right VPS, worst first; an
// unreadable VPS as a finding; pacing without 429s; every bad option at once; and an abort that leaves nothing
// running.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HostupClient, HostupValidationError } from 'hostup-backups';
import { simStats, startSim } from './support/sim.mjs';

const codesOf = (report, id) => report.findings.filter((f) => f.vpsId === id).map((f) => f.code);

/** Runs `body(sim, client)` against a fresh simulator started with `args`, and stops it. */
async function withSim(args, body) {
  const sim = await startSim(args);
  try {
    return await body(sim, new HostupClient({ apiKey: sim.key, baseUrl: sim.url }));
  } finally {
    await sim.stop();
  }
}

test('the varied fleet: each VPS gets the finding its state calls for, worst first, with progress', () =>
  withSim(['--fleet', 'varied', '--vps-count', '5'], async (sim, client) => {
    const ids = (await client.listVps()).data.map((v) => v.id);
    const progress = [];
    const before = Date.now();
    const report = await client.auditBackups({ onProgress: (p) => progress.push(p) });
    assert.deepEqual(
      ids.map((id) => codesOf(report, id)),
      [['no_enabled_schedule'], ['quota_reached'], ['last_run_failed'], ['snapshot_expiring'], []],
    );
    const failed = report.findings.find((f) => f.code === 'last_run_failed');
    assert.equal(failed.severity, 'error');
    assert.match(failed.evidence.scheduleId, /^bks_/);
    assert.ok(failed.evidence.at, 'the failed run names its time');
    const expiring = report.findings.find((f) => f.code === 'snapshot_expiring');
    assert.ok(expiring.evidence.ms > 0 && expiring.evidence.ms <= expiring.evidence.limitMs, JSON.stringify(expiring));
    // Rows: the two errors, then the two warnings, then the covered VPS; findings worst first.
    assert.deepEqual(report.vps.map((r) => r.vpsId), [ids[0], ids[2], ids[1], ids[3], ids[4]]);
    assert.deepEqual(report.findings.map((f) => f.severity), ['error', 'error', 'warning', 'warning']);
    const covered = report.vps[4];
    assert.equal(covered.worst, null);
    assert.deepEqual(covered.findings, { error: 0, warning: 0, info: 0 });
    assert.ok(covered.schedules.length > 0 && covered.quota && covered.backups > 0, JSON.stringify(covered));
    assert.equal(report.policy.maxBackupAgeMs, 26 * 3_600_000);
    const checkedAt = Date.parse(report.checkedAt);
    assert.ok(checkedAt >= before - 1000 && checkedAt <= Date.now() + 1000, report.checkedAt);
    assert.deepEqual(progress.map((p) => p.done), [1, 2, 3, 4, 5]);
    assert.ok(progress.every((p) => p.total === 5));
    // A policy over the defaults: no schedule required, no quota warning.
    const relaxed = await client.auditBackups({ policy: { minEnabledSchedules: 0, warnAtQuota: false }, concurrency: 1 });
    assert.deepEqual(relaxed.findings.map((f) => f.code), ['last_run_failed', 'snapshot_expiring']);
  }));

test('a VPS whose list cannot be read is a finding; the audit still resolves', async () => {
  const sim = await startSim(['--vps-count', '3']);
  const realFetch = globalThis.fetch;
  try {
    const client = new HostupClient({ apiKey: sim.key, baseUrl: sim.url, maxRetries: 1 });
    const ids = (await client.listVps()).data.map((v) => v.id);
    const broken = `/vps/${ids[1]}/snapshots`;
    globalThis.fetch = (url, init) => (String(url).includes(broken) ? Promise.reject(new TypeError('connection reset')) : realFetch(url, init));
    const report = await client.auditBackups();
    const f = report.findings.find((x) => x.code === 'vps_unreadable');
    assert.ok(f, JSON.stringify(report.findings));
    assert.equal(f.vpsId, ids[1]);
    assert.equal(f.severity, 'error');
    assert.equal(f.evidence.endpoint, 'listSnapshots');
    assert.equal(f.evidence.status, 'network_error');
    assert.ok(f.evidence.reason.length > 0);
    const row = report.vps.find((r) => r.vpsId === ids[1]);
    // Its other lists were read; the snapshot columns are unknown (null), not zero.
    assert.equal(typeof row.backups, 'number');
    assert.equal(row.snapshots, null);
    assert.equal(row.worst, 'error');
    const rank = (r) => ['error', 'warning', 'info', null].indexOf(r.worst);
    assert.ok(report.vps.every((r, i) => i === 0 || rank(report.vps[i - 1]) <= rank(r)), 'rows are worst first');
  } finally {
    globalThis.fetch = realFetch;
    await sim.stop();
  }
});

test('the audit waits for the rate limit instead of collecting 429s', () =>
  // 120/min: 110 calls drain most of the bucket, so the audit's 16 requests must be paced.
  withSim(['--vps-count', '5', '--rate-limit', '120', '--control'], async (sim, client) => {
    for (let i = 0; i < 110; i++) await client.listVps();
    const report = await client.auditBackups({ concurrency: 8 });
    assert.equal(report.vps.length, 5);
    assert.ok(report.findings.every((f) => f.code !== 'vps_unreadable'), JSON.stringify(report.findings));
    assert.equal((await simStats(sim)).rateLimited, 0);
  }));

test('bad options are reported all at once and nothing is sent', () =>
  withSim(['--control'], async (sim, client) => {
    const before = (await simStats(sim)).requests;
    await assert.rejects(
      client.auditBackups({ policy: { maxAge: 1, minRetention: -1, warnAtQuota: 'yes' }, concurrency: 0, onProgress: 5, signal: {} }),
      (e) => {
        assert.ok(e instanceof HostupValidationError);
        assert.deepEqual(e.errors.map((x) => x.pointer).sort(), ['/concurrency', '/onProgress', '/policy/maxAge', '/policy/minRetention', '/policy/warnAtQuota', '/signal']);
        return true;
      },
    );
    await assert.rejects(client.auditBackups('everything'), HostupValidationError);
    assert.equal((await simStats(sim)).requests, before);
  }));

test('an abort rejects with AbortError and leaves no request running', () =>
  // 60/min after a drained bucket: about one request a second, so the audit of 10 VPS takes half a minute.
  withSim(['--vps-count', '10', '--rate-limit', '60', '--control'], async (sim, client) => {
    for (let i = 0; i < 55; i++) await client.listVps();
    const controller = new AbortController();
    let progressed = 0;
    const audit = client.auditBackups({ signal: controller.signal, concurrency: 4, onProgress: () => progressed++ });
    setTimeout(() => controller.abort(), 1500);
    await assert.rejects(audit, (e) => e.name === 'AbortError');
    const atAbort = (await simStats(sim)).requests;
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal((await simStats(sim)).requests, atAbort, 'no request reached the server after the promise rejected');
    assert.ok(progressed < 10, `the audit stopped early (${progressed} VPS done)`);
    // Already aborted: rejects at once, nothing sent.
    await assert.rejects(client.auditBackups({ signal: AbortSignal.abort() }), (e) => e.name === 'AbortError');
    assert.equal((await simStats(sim)).requests, atAbort, 'nothing was sent');
  }));
