// Self-check of the built baseline bundle (not part of the test suite): the validators, parseBackupList on the
// seeds/003 example, and the retry rules against a stubbed fetch.   node bench/baseline/check.mjs
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('./dist/baseline.js', import.meta.url));
const {
  BaselineClient,
  BaselineApiError,
  BaselineValidationError,
  BaselineJobFailedError,
  BaselineResponseError,
  BaselineTimeoutError,
  validateSnapshotName,
  validateBackupSchedule,
  parseBackupList,
} = await import(bundle);

// ── validateSnapshotName (API.md §2) ──
assert.deepEqual(validateSnapshotName('before-upgrade'), []);
assert.deepEqual(validateSnapshotName('A_b-9'), []);
assert.deepEqual(validateSnapshotName('a'.repeat(40)), []);
assert.deepEqual(validateSnapshotName(''), [
  { pointer: '/name', detail: 'The snapshot name must not be empty.', code: 'invalid_format' },
]);
assert.deepEqual(validateSnapshotName('a'.repeat(41)), [
  { pointer: '/name', detail: 'The snapshot name is 41 characters long; the maximum is 40.', code: 'too_long' },
]);
assert.deepEqual(validateSnapshotName('bad name!'), [
  {
    pointer: '/name',
    detail: "The snapshot name may contain only letters A–Z and a–z, digits, '_' and '-'; found U+0020.",
    code: 'invalid_format',
  },
]);
assert.equal(validateSnapshotName('ünïcode')[0].code, 'invalid_format');
assert.equal(validateSnapshotName('x/../y')[0].code, 'invalid_format');
assert.deepEqual(validateSnapshotName(5), [{ pointer: '/name', detail: '`name` must be a string.', code: 'invalid_type' }]);

// ── validateBackupSchedule (seeds/002 and its day rules) ──
const ok = { frequency: 'daily', hour: 2, retentionCount: 3, enabled: true, name: 'Nightly backup' };
assert.deepEqual(validateBackupSchedule(ok), []);
assert.deepEqual(validateBackupSchedule({ frequency: 'weekly', hour: 0, dayOfWeek: 0, retentionCount: 1, enabled: false }), []);
assert.deepEqual(validateBackupSchedule({ frequency: 'monthly', hour: 23, dayOfMonth: 31, retentionCount: 9, enabled: true }), []);
// null counts as absent, like the server
assert.deepEqual(validateBackupSchedule({ ...ok, dayOfWeek: null, dayOfMonth: undefined, name: null }), []);

const codes = (errors) => errors.map((e) => `${e.pointer} ${e.code}`);
assert.deepEqual(
  codes(validateBackupSchedule({ frequency: 'weekly', hour: 24, retentionCount: 0, enabled: 'yes', dayOfMonth: 3 })),
  ['/hour out_of_range', '/retentionCount out_of_range', '/enabled invalid_type', '/dayOfMonth not_allowed', '/dayOfWeek missing_required'],
);
assert.deepEqual(
  codes(validateBackupSchedule({ frequency: 'monthly', hour: 2.5, retentionCount: 1, enabled: true, dayOfWeek: 3 })),
  ['/hour invalid_type', '/dayOfWeek not_allowed', '/dayOfMonth missing_required'],
);
assert.deepEqual(
  codes(validateBackupSchedule({ frequency: 'hourly', hour: '2', retentionCount: 1.5, enabled: true, name: 5 })),
  ['/frequency invalid_value', '/hour invalid_type', '/retentionCount invalid_type', '/name invalid_type'],
);
assert.deepEqual(codes(validateBackupSchedule({})), [
  '/frequency missing_required',
  '/hour missing_required',
  '/retentionCount missing_required',
  '/enabled missing_required',
]);
assert.deepEqual(codes(validateBackupSchedule({ ...ok, dayOfWeek: 1, dayOfMonth: 1 })), [
  '/dayOfWeek not_allowed',
  '/dayOfMonth not_allowed',
]);
assert.deepEqual(codes(validateBackupSchedule({ frequency: 'weekly', hour: 2, retentionCount: 3, enabled: true, dayOfWeek: 7 })), [
  '/dayOfWeek out_of_range',
]);
assert.deepEqual(codes(validateBackupSchedule({ frequency: 'monthly', hour: 2, retentionCount: 3, enabled: true, dayOfMonth: 0 })), [
  '/dayOfMonth out_of_range',
]);
assert.deepEqual(validateBackupSchedule(null), [{ pointer: '', detail: 'The schedule must be an object.', code: 'invalid_type' }]);
assert.deepEqual(validateBackupSchedule({ ...ok, hour: 24 }), [
  { pointer: '/hour', detail: '`hour` must be between 0 and 23; got 24.', code: 'out_of_range' },
]);
assert.deepEqual(validateBackupSchedule({ ...ok, frequency: 'weekly' }), [
  { pointer: '/dayOfWeek', detail: '`dayOfWeek` (0–6, 0 = Sunday) is required for a weekly schedule.', code: 'missing_required' },
]);

// ── parseBackupList on the seeds/003 example (copied verbatim) ──
const seed003 = `{
  "backups": [
    {
      "id": "bkp_01hxa3b4c5d6e7f8g9h0j1k2m3",
      "displayId": "2026-04-27T10:00:00.000Z (vzdump-qemu-101.vma.zst)",
      "storageKey": "vzdump-qemu-101.vma.zst",
      "createdAt": "2026-04-27T10:00:00.000Z",
      "sizeGb": 12.4,
      "backupType": "manual",
      "note": "Before upgrade"
    }
  ],
  "quotaInfo": {
    "used": 1,
    "limit": 3,
    "remaining": 2
  },
  "actions": {
    "canCreateBackup": {
      "allowed": true,
      "reason": null
    },
    "canRestore": {
      "allowed": true,
      "reason": null
    }
  }
}`;
const list = parseBackupList(seed003);
assert.deepEqual(list, JSON.parse(seed003));
assert.equal(list.backups[0].id, 'bkp_01hxa3b4c5d6e7f8g9h0j1k2m3');
assert.equal(list.backups[0].sizeGb, 12.4);
assert.equal(list.quotaInfo.remaining, 2);
assert.equal(list.actions.canRestore.allowed, true);
// tolerant of unknown fields and of a blocked gate with a code
const extra = JSON.parse(seed003);
extra.backups[0].future = 1;
extra.actions.canCreateBackup = { allowed: false, reason: 'Order pending', code: 'pending_order' };
assert.equal(parseBackupList(JSON.stringify(extra)).actions.canCreateBackup.code, 'pending_order');
// a broken body names where
const broken = JSON.parse(seed003);
broken.backups[0].sizeGb = '12.4';
assert.throws(() => parseBackupList(JSON.stringify(broken)), (e) => e instanceof BaselineResponseError && e.pointer === '/backups/0/sizeGb');
assert.throws(() => parseBackupList(seed003.slice(0, 100)), BaselineResponseError);

// ── the client against a stubbed fetch: retries, restore, problem details, waitForJob ──
const problem = (status, code, headers = {}) =>
  new Response(JSON.stringify({ type: `https://developer.hostup.se/errors/${code}`, title: code, status, detail: code, code, requestId: 'req_1' }), {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });
const json = (body, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
function stub(...answers) {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url, method: init.method, headers: init.headers, body: init.body });
    const next = answers.shift();
    if (next instanceof Error) throw next;
    return typeof next === 'function' ? next() : next;
  };
  return { fetch, calls };
}
const op = { status: 'queued', jobId: 'job_1', pollUrl: '/api/jobs/job_1', result: null };

{ // a GET is retried on 500, and the key goes only in Authorization
  const s = stub(problem(500, 'internal_error'), json(JSON.parse(seed003)));
  const c = new BaselineClient({ apiKey: 'k', baseUrl: 'http://sim.test/', fetch: s.fetch });
  assert.deepEqual(await c.listBackups('vps_1'), JSON.parse(seed003));
  assert.equal(s.calls.length, 2);
  assert.equal(s.calls[0].url, 'http://sim.test/api/v2/vps/vps_1/backups');
  assert.deepEqual(s.calls[0].headers, { Accept: 'application/json', Authorization: 'Bearer k' });
}
{ // a create is not retried on 500, but is after a 429 with Retry-After
  const s = stub(problem(500, 'internal_error'));
  const c = new BaselineClient({ baseUrl: 'http://sim.test', fetch: s.fetch });
  await assert.rejects(c.createSnapshot('vps_1', { name: 'snap' }), (e) => e instanceof BaselineApiError && e.status === 500 && e.requestId === 'req_1');
  assert.equal(s.calls.length, 1);
  const s2 = stub(problem(429, 'rate_limit_exceeded', { 'retry-after': '0' }), json({ operation: op }, 202));
  const c2 = new BaselineClient({ baseUrl: 'http://sim.test', fetch: s2.fetch });
  assert.deepEqual(await c2.createSnapshot('vps_1', { name: 'snap', description: null }), op);
  assert.equal(s2.calls.length, 2);
  assert.equal(s2.calls[0].body, '{"name":"snap","description":null}');
}
{ // a restore is never retried, and needs confirm
  const s = stub(problem(429, 'rate_limit_exceeded', { 'retry-after': '0', 'x-ratelimit-reset': '7' }));
  const c = new BaselineClient({ baseUrl: 'http://sim.test', fetch: s.fetch });
  await assert.rejects(c.restoreSnapshot('vps_1', 'snap', { confirm: 'other' }), BaselineValidationError);
  assert.equal(s.calls.length, 0);
  await assert.rejects(c.restoreSnapshot('vps_1', 'snap', { confirm: 'snap' }), (e) => e.code === 'rate_limit_exceeded' && e.retryAfterMs === 0 && e.rateLimit.resetMs === 7000);
  assert.equal(s.calls.length, 1);
}
{ // invalid input rejects (never throws synchronously) with every error, and nothing is sent
  const s = stub();
  const c = new BaselineClient({ baseUrl: 'http://sim.test', fetch: s.fetch });
  const p = c.setBackupSchedule('../x', { frequency: 'weekly', hour: 2, retentionCount: 3, enabled: true });
  await assert.rejects(p, (e) => e instanceof BaselineValidationError && codes(e.errors).join() === '/vpsId invalid_format,/dayOfWeek missing_required');
  assert.equal(s.calls.length, 0);
}
{ // waitForJob polls the origin-relative pollUrl until completed, reporting each status once
  const s = stub(json({ operation: { ...op, status: 'in_progress' } }), json({ ...op, status: 'in_progress' }), json({ operation: { ...op, status: 'completed', kind: 'snapshot' } }));
  const c = new BaselineClient({ baseUrl: 'http://sim.test/prefix', fetch: s.fetch });
  const seen = [];
  const job = await c.waitForJob({ operation: op }, { intervalMs: 5, onProgress: (j) => seen.push(j.status) });
  assert.equal(job.status, 'completed');
  assert.deepEqual(seen, ['in_progress', 'completed']);
  assert.equal(s.calls[0].url, 'http://sim.test/api/jobs/job_1');
}
{ // a failed job rejects with its problem; a deadline rejects with wait_timeout
  const s = stub(json({ operation: { ...op, status: 'failed', error: { code: 'disk_full', detail: 'No space', requestId: 'req_9' } } }));
  const c = new BaselineClient({ baseUrl: 'http://sim.test', fetch: s.fetch });
  await assert.rejects(c.waitForJob(op, { intervalMs: 1 }), (e) => e instanceof BaselineJobFailedError && e.code === 'disk_full' && e.requestId === 'req_9');
  const forever = () => json({ operation: { ...op, status: 'in_progress' } });
  const s2 = stub(...Array.from({ length: 100 }, () => forever));
  const c2 = new BaselineClient({ baseUrl: 'http://sim.test', fetch: s2.fetch });
  await assert.rejects(c2.waitForJob('/api/jobs/job_1', { intervalMs: 10, timeoutMs: 60 }), (e) => e instanceof BaselineTimeoutError && e.code === 'wait_timeout' && e.lastStatus === 'in_progress');
}

console.log('baseline self-check: ok');
