// Security of the built package ('hostup-backups') against the real simulator and a hostile local server:
// (a) the API key never leaks, across every failure mode; (b) hostile ids and names are refused before any request;
// (c) huge, deeply nested and truncated responses are refused with a clear error; (d) only the contract's headers
// are sent and the key never goes into a URL. See SECURITY.md.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import util from 'node:util';
import {
  HostupApiError,
  HostupClient,
  HostupError,
  HostupJobFailedError,
  HostupNetworkError,
  HostupResponseError,
  HostupTimeoutError,
  HostupValidationError,
  validateBackupSchedule,
} from 'hostup-backups';
import { setFaults, simStats, startSim } from './support/sim.mjs';

const SECRET = 'sk_live_SECRET_5f3a9c0e7b21d4';
const READONLY = 'sk_live_SECRET_readonly_77aa';
const UNKNOWN = 'sk_live_SECRET_unknown_0b0b';
const SECRETS = [SECRET, READONLY, UNKNOWN, 'SECRET_5f3a9c0e7b21d4'];

let sim;
let vpsId;
let snapshotName;
let backupId;
let local; // the hostile local server
let mode = 'ok';
const seen = []; // every request the local server received: { method, url, headers }

/** Every way an error can be shown or logged. */
function renderings(e) {
  return {
    message: String(e?.message),
    string: String(e),
    json: JSON.stringify(e),
    stack: String(e?.stack),
    inspect: util.inspect(e, { depth: 10, showHidden: true }),
    fields: JSON.stringify(Object.fromEntries(Object.entries(e ?? {}))),
  };
}

function assertNoKey(e, what) {
  for (const [how, text] of Object.entries(renderings(e))) {
    for (const s of SECRETS) assert.ok(!text.includes(s), `${what}: the key leaked into ${how}: ${text.slice(0, 400)}`);
  }
}

/** Awaits `promise`, which must reject with `Class`; returns the error after checking it for the key. */
async function failure(promise, Class, what) {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof Class, `${what}: expected ${Class.name}, got ${e?.name}: ${e?.message}`);
    assert.ok(e instanceof HostupError || e?.name === 'AbortError', `${what}: ${e?.name} is not a HostupError`);
    assertNoKey(e, what);
    return e;
  }
  assert.fail(`${what}: expected a ${Class.name} rejection`);
}

const client = (opts = {}) => new HostupClient({ apiKey: SECRET, baseUrl: sim.url, ...opts });
const localClient = (opts = {}) => new HostupClient({ apiKey: SECRET, baseUrl: local.url, maxRetries: 0, timeoutMs: 5000, ...opts });

function problem(status, text) {
  return {
    type: `https://developer.hostup.se/errors/${text}`,
    title: text,
    status,
    detail: text,
    code: 'echo',
    instance: text,
    requestId: 'req_echo',
    timestamp: text,
    errors: [{ pointer: '/name', detail: text, code: 'invalid_format' }],
    extensions: { echoed: text },
  };
}

/** The hostile local server: answers by `mode`, records every request. */
function handle(req, res) {
  seen.push({ method: req.method, url: req.url, headers: { ...req.headers } });
  const auth = req.headers.authorization ?? '';
  const echo = `you sent Authorization: ${auth} (key ${auth.replace(/^Bearer /, '')})`;
  const json = (status, body, type = 'application/json') => {
    res.writeHead(status, { 'content-type': type });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
  switch (mode) {
    case 'ok':
      return json(200, { data: [{ id: 'vps_local1', name: 'local' }] });
    case 'hang':
      return; // never answers
    case 'echo': {
      // A misbehaving proxy that echoes the Authorization header into every field it can.
      if (req.url.startsWith('/api/jobs/')) {
        return json(200, { operation: { status: 'failed', jobId: 'job_echo', pollUrl: '/api/jobs/job_echo', kind: 'snapshot', error: problem(500, echo) } });
      }
      if (req.url.endsWith('/status')) return json(200, { data: { id: 42, status: echo } }); // wrong type: a decode error
      if (req.url.endsWith('/snapshots')) return json(200, `{"data":[{"name":"${echo}"`); // truncated, key inside
      if (req.url.endsWith('/backups')) return json(502, `<html><body><h1>502</h1><pre>${echo}</pre></body></html>`, 'text/html');
      if (req.url.includes('/vps/vps_')) return json(429, problem(429, echo), 'application/problem+json');
      return json(500, problem(500, echo), 'application/problem+json');
    }
    case 'huge': {
      // ~20 MB of valid JSON.
      res.writeHead(200, { 'content-type': 'application/json' });
      const item = JSON.stringify({ id: 'vps_0123456789abcdef', name: 'x'.repeat(200) });
      const chunk = Array(1000).fill(item).join(',');
      res.write('{"data":[');
      const n = Math.ceil((20 * 1024 * 1024) / chunk.length);
      for (let i = 0; i < n; i++) res.write(i ? `,${chunk}` : chunk);
      return res.end(']}');
    }
    case 'deep':
      return json(200, `{"data":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    case 'truncated':
      return json(200, '{"data":[{"id":"vps_local1","name":"loc');
    case 'job-off-origin':
      return json(202, { operation: { status: 'queued', jobId: 'job_1', pollUrl: 'http://evil.invalid/api/jobs/job_1' } });
    default:
      return json(404, problem(404, 'unknown mode'), 'application/problem+json');
  }
}

before(async () => {
  sim = await startSim([
    '--control',
    '--job-ms', '150',
    '--key', `${SECRET}=read:vm,backup:vm,write:vm`,
    '--key', `${READONLY}=read:vm`,
  ]);
  const c = client();
  vpsId = (await c.listVps()).data[0].id;
  snapshotName = (await c.listSnapshots(vpsId)).data[0].name;
  backupId = (await c.listBackups(vpsId)).backups[0].id;
  const server = createServer(handle);
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  local = { server, url: `http://127.0.0.1:${server.address().port}` };
});

after(async () => {
  local?.server.closeAllConnections?.();
  await new Promise((r) => (local ? local.server.close(r) : r()));
  await sim?.stop();
});

describe('(a) the API key never leaks', () => {
  test('across 401, 403, 404, 409, 429, 500/502, timeout, closed port, validation, failed job, wait timeout and an echoing proxy', async () => {
    const captured = [];
    const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir'];
    const original = Object.fromEntries(methods.map((m) => [m, console[m]]));
    for (const m of methods) console[m] = (...args) => captured.push(util.format(...args));
    const modes = [];
    try {
      // 401: a key the server does not know.
      const e401 = await failure(client({ apiKey: UNKNOWN }).listVps(), HostupApiError, '401');
      assert.equal(e401.status, 401);
      modes.push(401);
      // 403: a key without the backup scope.
      const e403 = await failure(client({ apiKey: READONLY }).createBackup(vpsId, { note: 'x' }), HostupApiError, '403');
      assert.equal(e403.status, 403);
      modes.push(403);
      // 404.
      const e404 = await failure(client().getVps('vps_doesnotexist'), HostupApiError, '404');
      assert.equal(e404.status, 404);
      assert.ok(e404.requestId);
      modes.push(404);
      // 409: a second backup while the first one's job runs.
      const c = client();
      await c.createBackup(vpsId, { note: 'first' });
      const e409 = await failure(c.createBackup(vpsId, { note: 'second' }), HostupApiError, '409');
      assert.equal(e409.status, 409);
      modes.push(409);
      // 429 during a storm: a restore is never retried, so it fails at once.
      await setFaults(sim, { storm: true });
      try {
        const e429 = await failure(client().restoreSnapshot(vpsId, snapshotName, { confirm: snapshotName }), HostupApiError, '429');
        assert.equal(e429.status, 429);
        assert.ok(e429.retryAfterMs >= 0);
      } finally {
        await setFaults(sim, { storm: false });
      }
      modes.push(429);
      // 500 and 502 (and dropped connections, truncated bodies) on every request, no retries.
      await setFaults(sim, { faultRate: 1 });
      const statuses = new Set();
      try {
        for (let i = 0; i < 24 && !(statuses.has(500) && statuses.has(502)); i++) {
          try {
            await client({ maxRetries: 0 }).getVps(vpsId);
          } catch (e) {
            assertNoKey(e, 'fault');
            assert.ok(e instanceof HostupError, `${e?.name}`);
            if (e instanceof HostupApiError) statuses.add(e.status);
          }
        }
      } finally {
        await setFaults(sim, { faultRate: 0 });
      }
      assert.ok(statuses.has(500) && statuses.has(502), `saw ${[...statuses]}`);
      modes.push(500, 502);
      // Timeout: a server that never answers.
      mode = 'hang';
      const eTimeout = await failure(localClient({ timeoutMs: 300 }).listVps(), HostupTimeoutError, 'timeout');
      assert.equal(eTimeout.code, 'timeout');
      modes.push('timeout');
      // Closed port.
      const closed = createServer();
      await new Promise((r) => closed.listen(0, '127.0.0.1', r));
      const port = closed.address().port;
      await new Promise((r) => closed.close(r));
      await failure(new HostupClient({ apiKey: SECRET, baseUrl: `http://127.0.0.1:${port}`, maxRetries: 0 }).listVps(), HostupNetworkError, 'closed port');
      modes.push('closed port');
      // Validation, including a malformed key (the message says what is wrong, not what the key was).
      await failure(client().createSnapshot(vpsId, { name: 'not a valid name' }), HostupValidationError, 'validation');
      assert.throws(() => new HostupClient({ apiKey: `${SECRET} x`, baseUrl: sim.url }), (e) => {
        assert.ok(e instanceof HostupValidationError);
        assertNoKey(e, 'bad key');
        return true;
      });
      modes.push('validation');
      // A failed job.
      await setFaults(sim, { jobFailRate: 1 });
      const other = (await c.listVps()).data[1].id;
      let op;
      try {
        op = await c.createSnapshot(other, { name: 'will-fail' });
      } finally {
        await setFaults(sim, { jobFailRate: 0 });
      }
      const eJob = await failure(c.waitForJob(op, { timeoutMs: 10_000 }), HostupJobFailedError, 'failed job');
      assert.ok(eJob.requestId);
      modes.push('failed job');
      // A wait that times out (a backup job takes 4 × 150 ms).
      const third = (await c.listVps()).data[2].id;
      const slow = await c.createBackup(third, { note: 'slow' });
      const eWait = await failure(c.waitForJob(slow, { timeoutMs: 50 }), HostupTimeoutError, 'wait timeout');
      assert.equal(eWait.code, 'wait_timeout');
      modes.push('wait timeout');

      // A proxy that echoes the Authorization header into problem fields, HTML pages, decode errors and job errors.
      mode = 'echo';
      const lc = localClient();
      await failure(lc.listVps(), HostupApiError, 'echo 500');
      await failure(lc.getVps('vps_1'), HostupApiError, 'echo 429');
      await failure(lc.listBackups('vps_1'), HostupApiError, 'echo 502 page');
      await failure(lc.getVpsStatus('vps_1'), HostupResponseError, 'echo decode');
      await failure(lc.listSnapshots('vps_1'), HostupResponseError, 'echo truncated');
      await failure(lc.waitForJob('job_echo', { timeoutMs: 5000 }), HostupJobFailedError, 'echo failed job');
      modes.push('echoing proxy');
    } finally {
      mode = 'ok';
      for (const m of methods) console[m] = original[m];
    }
    for (const line of captured) for (const s of SECRETS) assert.ok(!line.includes(s), `the key reached the console: ${line}`);
    assert.equal(modes.length, 13);
  });
});

describe('(b) hostile ids and names are refused before any request', () => {
  const long = 'a'.repeat(10 * 1024);
  const hostile = [
    '../', '..', '.', '../../admin', 'vps_1/../../x', 'vps_1%2F..', '%2e%2e', 'vps_1?x=1', 'vps_1#frag',
    'vps\uFF0F1', 'vps\u22151', '\uFF0E\uFF0E', '\u202Evps_1', 'vps_1\u200B', 'vps_1\u0000', 'vps_1\n', 'vps_1\r\nX-Evil: 1',
    'vps 1', '', long, 'vp\u0455_1', 'vps_1\\..\\x',
  ];
  const nonStrings = [42, null, undefined, {}, [], true, { toString: () => 'vps_1' }];

  test('ids, snapshot names, job ids and poll URLs', async () => {
    const c = client();
    const before = (await simStats(sim)).requests;
    let refused = 0;
    for (const bad of [...hostile, ...nonStrings]) {
      const calls = [
        () => c.getVps(bad),
        () => c.getVpsStatus(bad),
        () => c.listBackups(bad),
        () => c.listSnapshots(bad),
        () => c.listBackupSchedules(bad),
        () => c.createBackup(bad, { note: 'x' }),
        () => c.createSnapshot(bad, { name: 'ok-name' }),
        () => c.createSnapshot(vpsId, { name: bad }),
        () => c.restoreSnapshot(vpsId, bad, { confirm: bad }),
        () => c.restoreBackup(vpsId, bad, { confirm: bad }),
        () => c.deleteSnapshot(vpsId, bad),
        () => c.deleteBackup(vpsId, bad),
        () => c.deleteBackupSchedule(vpsId, bad),
        () => c.setBackupSchedule(bad, { frequency: 'daily', hour: 2, retentionCount: 1, enabled: true }),
        () => c.getJob(bad),
        () => c.waitForJob(bad, { timeoutMs: 1000 }),
      ];
      for (const call of calls) {
        const e = await failure(Promise.resolve().then(call), HostupValidationError, `hostile ${JSON.stringify(String(bad)).slice(0, 40)}`);
        assert.ok(e.errors.length >= 1);
        refused++;
      }
    }
    // Poll URLs off the API's origin are refused too.
    for (const url of ['http://evil.invalid/api/jobs/job_1', '//evil.invalid/api/jobs/job_1', `${sim.url}.evil.invalid/api/jobs/job_1`, '/api/jobs/../v2/vps']) {
      await failure(c.getJob(url), HostupValidationError, `poll url ${url}`);
      refused++;
    }
    const afterCount = (await simStats(sim)).requests;
    assert.equal(afterCount, before, 'the simulator saw none of them');
    assert.ok(refused > 400);
  });

  test('cyclic, deep and non-JSON inputs are a validation error at their pointer, never a trap', async () => {
    const c = client();
    const before = (await simStats(sim)).requests;
    const cyclic = { name: 'ok-name' };
    cyclic.description = cyclic;
    let deep = { frequency: 'daily', hour: 2, retentionCount: 1, enabled: true };
    for (let i = 0; i < 10_000; i++) deep = { name: deep };
    const bigint = { frequency: 'daily', hour: 2n, retentionCount: 1, enabled: true };
    const cases = [
      [() => c.createSnapshot(vpsId, cyclic), '/description'],
      [() => c.setBackupSchedule(vpsId, deep), '/name'],
      [() => c.setBackupSchedule(vpsId, bigint), '/hour'],
      [() => c.updateBackupSchedules(vpsId, { hour: () => 2 }), '/hour'],
      [() => c.createBackup(vpsId, { note: Symbol('x') }), '/note'],
    ];
    for (const [call, pointer] of cases) {
      const e = await failure(Promise.resolve().then(call), HostupValidationError, `input at ${pointer}`);
      assert.ok(e.errors.some((f) => f.pointer.startsWith(pointer)), JSON.stringify(e.errors));
    }
    assert.ok(validateBackupSchedule(deep).length >= 1);
    // Still healthy afterwards.
    assert.ok(Array.isArray((await c.listBackups(vpsId)).backups));
    assert.equal((await simStats(sim)).requests, before + 1, 'only the last, valid call reached the simulator');
  });

  test('a server-sent pollUrl off the origin is never followed', async () => {
    mode = 'job-off-origin';
    seen.length = 0;
    try {
      const op = await localClient().createBackup('vps_1', { note: 'x' });
      assert.equal(op.pollUrl, 'http://evil.invalid/api/jobs/job_1');
      mode = 'hang';
      // The wait polls the configured origin (where nothing answers), never evil.invalid.
      await failure(localClient({ timeoutMs: 200 }).waitForJob(op, { timeoutMs: 400 }), HostupTimeoutError, 'off-origin wait');
      assert.ok(seen.slice(1).every((r) => r.url === '/api/jobs/job_1'), JSON.stringify(seen.map((r) => r.url)));
    } finally {
      mode = 'ok';
    }
  });
});

describe('(c) huge and deeply nested responses are refused', () => {
  test('20 MB, 100,000 nested arrays and a truncated body', async () => {
    const c = localClient();
    mode = 'huge';
    const big = await failure(c.listVps(), HostupResponseError, 'huge');
    assert.equal(big.code, 'response_too_large');
    assert.match(big.message, /larger than/);
    mode = 'deep';
    const deep = await failure(c.listVps(), HostupResponseError, 'deep');
    assert.equal(deep.code, 'invalid_response');
    assert.ok(deep.pointer.length < 1000, 'the pointer stays short');
    mode = 'truncated';
    const cut = await failure(c.listVps(), HostupResponseError, 'truncated');
    assert.equal(cut.code, 'invalid_response');
    // Still healthy: the next call works and memory is back within bounds.
    mode = 'ok';
    assert.equal((await c.listVps()).data[0].id, 'vps_local1');
    assert.ok(process.memoryUsage().rss < 1.5 * 1024 ** 3, `rss ${process.memoryUsage().rss}`);
  });
});

describe('(d) only the contract headers, and the key never in a URL', () => {
  test('GET, POST and PATCH carry only Authorization, Accept, Content-Type beyond what fetch adds itself', async () => {
    mode = 'ok';
    seen.length = 0;
    await fetch(`${local.url}/baseline`, { method: 'POST', body: '{}' });
    const baseline = new Set(Object.keys(seen[0].headers));
    seen.length = 0;
    const c = localClient();
    await c.listVps();
    await c.createBackup('vps_1', { note: 'x' }).catch(() => {});
    await c.updateBackupSchedules('vps_1', { hour: 3 }).catch(() => {});
    assert.equal(seen.length, 3);
    for (const r of seen) {
      const extra = Object.keys(r.headers).filter((h) => !baseline.has(h) || ['accept', 'content-type'].includes(h));
      for (const h of extra) assert.ok(['authorization', 'accept', 'content-type'].includes(h), `${r.method} sent ${h}`);
      assert.equal(r.headers.authorization, `Bearer ${SECRET}`);
      assert.equal(r.headers.accept, 'application/json');
      assert.ok(!Object.keys(r.headers).some((h) => h.startsWith('x-')), `vendor header in ${Object.keys(r.headers)}`);
      if (r.method !== 'GET') assert.equal(r.headers['content-type'], 'application/json');
    }
  });

  test('no request this suite made to the local server put the key in its URL', () => {
    assert.ok(seen.length > 0);
    for (const r of seen) for (const s of SECRETS) assert.ok(!r.url.includes(s), r.url);
  });
});
