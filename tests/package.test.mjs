// The built npm package, imported by name as a Node ES module, against the real simulator.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  HostupApiError,
  HostupClient,
  HostupError,
  HostupJobFailedError,
  HostupNetworkError,
  HostupTimeoutError,
  HostupValidationError,
  validateBackupSchedule,
  validateSnapshotName,
} from 'hostup-backups';
import { setFaults, simStats, startSim } from './support/sim.mjs';

const SECRET = 'sk_live_SECRET_0123456789';
let sim;
let client;
let vpsId;

before(async () => {
  sim = await startSim(['--control', '--job-ms', '150', '--key', `${SECRET}=read:vm,backup:vm,write:vm`, '--key', 'readonly=read:vm']);
  client = new HostupClient({ apiKey: SECRET, baseUrl: sim.url });
  vpsId = (await client.listVps()).data[0].id;
});
after(() => sim.stop());

/** Asserts that `promise` rejects with an instance of `Class`, and returns the error. */
async function rejection(promise, Class) {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof Class, `expected ${Class.name}, got ${e?.name}: ${e?.message}`);
    assert.ok(e instanceof Error);
    assert.ok(!String(e.message).includes(SECRET), 'the API key leaked into a message');
    assert.ok(!JSON.stringify(e).includes(SECRET), 'the API key leaked into error fields');
    return e;
  }
  assert.fail(`expected a ${Class.name} rejection`);
}

describe('the package as a Node ES module', () => {
  test('exports a class, two validators and Error subclasses', () => {
    assert.equal(typeof HostupClient, 'function');
    for (const C of [HostupApiError, HostupValidationError, HostupTimeoutError, HostupNetworkError, HostupJobFailedError]) {
      assert.ok(Object.prototype.isPrototypeOf.call(HostupError, C), `${C.name} extends HostupError`);
      assert.ok(new C('x', {}) instanceof Error);
      assert.equal(new C('x', {}).name, C.name);
    }
  });

  test('lists VPS, backups with quota and gates, snapshots and schedules in the API shapes', async () => {
    const vps = await client.listVps();
    assert.ok(vps.data.length >= 3);
    assert.match(vps.data[0].id, /^vps_/);
    const list = await client.listBackups(vpsId);
    assert.ok(Array.isArray(list.backups));
    for (const key of ['id', 'displayId', 'storageKey', 'createdAt', 'sizeGb', 'backupType', 'note']) {
      assert.ok(key in list.backups[0], `backup has ${key}`);
    }
    assert.equal(typeof list.quotaInfo.used, 'number');
    assert.equal(typeof list.actions.canCreateBackup.allowed, 'boolean');
    assert.ok('reason' in list.actions.canRestore);
    const snaps = await client.listSnapshots(vpsId);
    assert.equal(typeof snaps.available, 'boolean');
    assert.equal(typeof snaps.limits.totalSnapshots, 'number');
    assert.equal(typeof snaps.actions.canCreate.allowed, 'boolean');
    const schedules = await client.listBackupSchedules(vpsId);
    assert.ok(Array.isArray(schedules.data));
    const details = await client.getVps(vpsId);
    assert.equal(details.id, vpsId);
    const status = await client.getVpsStatus(vpsId);
    assert.equal(typeof status.status, 'string');
  });

  test('creates a snapshot, waits for its job with progress, and sees it listed', async () => {
    const op = await client.createSnapshot(vpsId, { name: 'pkg-snap-1', description: 'from the package test' });
    assert.equal(op.status, 'queued');
    assert.match(op.jobId, /^job_/);
    assert.equal(op.pollUrl, `/api/jobs/${op.jobId}`);
    assert.deepEqual(op.result, { name: 'pkg-snap-1' });
    const seen = [];
    const job = await client.waitForJob(op, { timeoutMs: 10_000, onProgress: (j) => seen.push(j.status) });
    assert.equal(job.status, 'completed');
    assert.equal(job.jobId, op.jobId);
    assert.equal(seen.at(-1), 'completed');
    const snaps = await client.listSnapshots(vpsId);
    const snap = snaps.data.find((s) => s.name === 'pkg-snap-1');
    assert.ok(snap, 'the snapshot is listed once its job completed');
    assert.equal(snap.description, 'from the package test');
  });

  test('creates a backup with and without a note, and resumes a wait by job id and by poll URL', async () => {
    const op = await client.createBackup(vpsId, { note: 'Before upgrade' });
    assert.equal(op.result, null);
    const byId = await client.waitForJob(op.jobId, { timeoutMs: 10_000 });
    assert.equal(byId.status, 'completed');
    const op2 = await client.createBackup(vpsId);
    const byUrl = await client.waitForJob(op2.pollUrl, { timeoutMs: 10_000 });
    assert.equal(byUrl.status, 'completed');
    const job = await client.getJob(op2.pollUrl);
    assert.equal(job.status, 'completed');
    const { backups } = await client.listBackups(vpsId);
    assert.ok(backups.some((b) => b.note === 'Before upgrade'));
  });

  test('restore needs { confirm: name } and sends nothing without it', async () => {
    const before = (await simStats(sim)).requests;
    await rejection(client.restoreSnapshot(vpsId, 'pkg-snap-1'), HostupValidationError);
    const wrong = await rejection(client.restoreSnapshot(vpsId, 'pkg-snap-1', { confirm: 'pkg-snap-2' }), HostupValidationError);
    assert.equal(wrong.errors[0].pointer, '/confirm');
    assert.equal((await simStats(sim)).requests, before, 'no request was sent');
    const op = await client.restoreSnapshot(vpsId, 'pkg-snap-1', { confirm: 'pkg-snap-1' });
    assert.deepEqual(op.result, { snapshotName: 'pkg-snap-1' });
    assert.equal((await client.waitForJob(op, { timeoutMs: 10_000 })).status, 'completed');
  });

  test('sets, updates and deletes a backup schedule', async () => {
    const weekly = await client.setBackupSchedule(vpsId, {
      frequency: 'weekly',
      hour: 3,
      dayOfWeek: 1,
      retentionCount: 4,
      enabled: true,
      name: 'Weekly',
    });
    assert.equal(weekly.frequency, 'weekly');
    assert.equal(weekly.time, '03:00');
    assert.match(weekly.nextRun, /T03:00:00\.000Z$/);
    const updated = await client.updateBackupSchedules(vpsId, { id: weekly.id, retentionCount: 7 });
    assert.equal(updated.retentionCount, 7);
    await client.deleteBackupSchedule(vpsId, weekly.id);
    const list = await client.listBackupSchedules(vpsId);
    assert.ok(!list.data.some((s) => s.id === weekly.id));
  });

  test('validators are pure and report every broken field as {pointer, detail, code}', async () => {
    const before = (await simStats(sim)).requests;
    assert.deepEqual(validateSnapshotName('before-upgrade'), []);
    assert.equal(validateSnapshotName('x'.repeat(41))[0].code, 'too_long');
    assert.equal(validateSnapshotName('')[0].code, 'invalid_format');
    assert.equal(validateSnapshotName(42)[0].code, 'invalid_type');
    assert.deepEqual(validateBackupSchedule({ frequency: 'daily', hour: 2, retentionCount: 3, enabled: true }), []);
    const errors = validateBackupSchedule({ frequency: 'weekly', hour: 24, dayOfMonth: 3, retentionCount: 0 });
    assert.deepEqual(
      errors.map((e) => [e.pointer, e.code]).sort(),
      [
        ['/dayOfMonth', 'not_allowed'],
        ['/dayOfWeek', 'missing_required'],
        ['/enabled', 'missing_required'],
        ['/hour', 'out_of_range'],
        ['/retentionCount', 'out_of_range'],
      ],
    );
    assert.equal((await simStats(sim)).requests, before, 'validation sends nothing');
  });

  test('bad input rejects with HostupValidationError before any request, listing every field', async () => {
    const before = (await simStats(sim)).requests;
    const e = await rejection(client.createSnapshot('../../admin', { name: 'has space', description: 7 }), HostupValidationError);
    assert.equal(e.code, 'validation_failed');
    assert.deepEqual(e.errors.map((x) => x.pointer).sort(), ['/description', '/name', '/vpsId']);
    const e2 = await rejection(client.setBackupSchedule(vpsId, { frequency: 'monthly', hour: '2' }), HostupValidationError);
    assert.deepEqual(
      e2.errors.map((x) => x.pointer).sort(),
      ['/dayOfMonth', '/enabled', '/hour', '/retentionCount'],
    );
    assert.equal((await simStats(sim)).requests, before, 'the simulator saw nothing');
  });

  test('no JS value makes the wasm trap; the client keeps working afterwards', async () => {
    const weird = [undefined, null, 0, -1, NaN, '', 'x'.repeat(10_000), {}, [], () => 1, Symbol('s'), 10n, new Date(), { toString: () => { throw new Error('boom'); } }];
    const methods = ['getVps', 'listBackups', 'createBackup', 'listSnapshots', 'createSnapshot', 'restoreSnapshot', 'deleteSnapshot', 'setBackupSchedule', 'updateBackupSchedules', 'deleteBackupSchedule', 'getJob', 'waitForJob', 'restoreBackup', 'deleteBackup'];
    for (const m of methods) {
      for (const a of weird) {
        for (const b of [undefined, a]) {
          await assert.rejects(client[m](a, b, a), (e) => e instanceof HostupValidationError, `${m}(${String(typeof a)})`);
        }
      }
    }
    for (const a of weird) {
      assert.ok(Array.isArray(validateSnapshotName(a)));
      assert.ok(Array.isArray(validateBackupSchedule(a)));
      assert.throws(() => new HostupClient({ apiKey: a === undefined ? 5 : a, baseUrl: 'nope' }), HostupValidationError);
    }
    assert.ok((await client.listVps()).data.length > 0);
  });

  test('API errors are HostupApiError with status, code, request id and field errors', async () => {
    const nf = await rejection(client.listBackups('vps_doesnotexist'), HostupApiError);
    assert.equal(nf.status, 404);
    assert.equal(nf.code, 'not_found');
    assert.match(nf.requestId, /^req_/);
    assert.ok(nf.message.includes(nf.requestId));
    const bad = new HostupClient({ apiKey: 'wrong-key', baseUrl: sim.url });
    const unauth = await rejection(bad.listVps(), HostupApiError);
    assert.equal(unauth.status, 401);
    assert.equal(unauth.code, 'unauthorized');
    const ro = new HostupClient({ apiKey: 'readonly', baseUrl: sim.url });
    const forbidden = await rejection(ro.createBackup(vpsId, { note: 'x' }), HostupApiError);
    assert.equal(forbidden.status, 403);
    assert.equal(forbidden.code, 'forbidden');
  });

  test('a failed job rejects with HostupJobFailedError carrying the problem and request id', async () => {
    await setFaults(sim, { jobFailRate: 1 });
    try {
      const op = await client.createSnapshot(vpsId, { name: 'doomed' });
      const e = await rejection(client.waitForJob(op, { timeoutMs: 10_000 }), HostupJobFailedError);
      assert.equal(e.jobId, op.jobId);
      assert.equal(e.job.status, 'failed');
      assert.ok(e.title);
      assert.match(e.requestId, /^req_/);
    } finally {
      await setFaults(sim, { jobFailRate: 0 });
    }
  });

  test('waitForJob honours timeoutMs and AbortSignal, and the job can be resumed', async () => {
    const slow = await client.createBackup(vpsId, { note: 'slow' });
    const t0 = Date.now();
    const e = await rejection(client.waitForJob(slow, { timeoutMs: 100 }), HostupTimeoutError);
    assert.equal(e.code, 'wait_timeout');
    assert.equal(e.jobId, slow.jobId);
    assert.ok(Date.now() - t0 < 1000, 'the wait ended at its deadline');
    const controller = new AbortController();
    const waiting = client.waitForJob(slow.jobId, { signal: controller.signal, timeoutMs: 60_000 });
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(waiting, (err) => err.name === 'AbortError');
    await assert.rejects(client.waitForJob(slow.jobId, { signal: AbortSignal.abort() }), (err) => err.name === 'AbortError');
    assert.equal((await client.waitForJob(slow.jobId, { timeoutMs: 10_000 })).status, 'completed');
  });

  test('a request timeout is HostupTimeoutError and a closed port is HostupNetworkError', async () => {
    await setFaults(sim, { latencyMs: 1500 });
    try {
      const impatient = new HostupClient({ apiKey: SECRET, baseUrl: sim.url, timeoutMs: 100, maxRetries: 0 });
      const e = await rejection(impatient.listVps(), HostupTimeoutError);
      assert.equal(e.code, 'timeout');
    } finally {
      await setFaults(sim, { latencyMs: 0 });
    }
    const nowhere = new HostupClient({ apiKey: SECRET, baseUrl: 'http://127.0.0.1:9', maxRetries: 1 });
    const n = await rejection(nowhere.listVps(), HostupNetworkError);
    assert.equal(n.code, 'network_error');
  });
});

describe('what a browser downloads', () => {
  test('the entry and the universal script (wasm embedded) stay within the size budget', async () => {
    const { readFileSync } = await import('node:fs');
    const { gzipSync } = await import('node:zlib');
    const pkg = new URL('../pkg/', import.meta.url);
    const read = (f) => readFileSync(new URL(f, pkg));
    // The ES module entry imports exactly the universal script; anything new it loads must be counted too.
    const found = read('index.js').toString().matchAll(/(?:from |import |new URL\()'([^']+)'/g);
    assert.deepEqual([...new Set([...found].map((m) => m[1]))], ['./umd/index.js']);
    const umd = read('umd/index.js').toString();
    assert.equal(umd.match(/\brequire\s*\(|\bimport\s*\(|\bimport\.meta\b|\.wasm['"]/g), null, 'the universal script loads nothing further');
    const gzip = ['index.js', 'umd/index.js'].reduce((sum, f) => sum + gzipSync(read(f), { level: 9 }).length, 0);
    // The achieved figure plus a small margin (BENCHMARKS.md has the breakdown; auditBackups is ~12 KB of it).
    assert.ok(gzip <= 74_200, `${gzip} bytes gzipped`);
  });
});

test('the README npm shows has install, usage, errors and job waiting (from the repository README)', async () => {
  const { readFileSync } = await import('node:fs');
  const readme = readFileSync(new URL('../pkg/README.md', import.meta.url), 'utf8');
  for (const needle of ['npm install hostup-backups', 'new HostupClient(', 'instanceof HostupValidationError', 'waitForJob(']) {
    assert.ok(readme.includes(needle), `pkg/README.md lacks ${needle}`);
  }
});
