// `onDrift` against `hostup-sim --drift`, which adds a member to every JSON object of its 2xx bodies and passes jobs
// through an undocumented status: the package reports each drift once per (endpoint, pointer, kind) and still works.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { HostupClient, HostupValidationError } from 'hostup-backups';
import { startSim } from './support/sim.mjs';

let sim;
before(async () => {
  // Jobs spend their last fifth in `verifying`: 600 ms leaves the wait's polls time to see it.
  sim = await startSim(['--drift', '--job-ms', '600']);
});
after(() => sim.stop());

test('onDrift reports unknown fields and enum values once each, and every call still works', async () => {
  const reports = [];
  const client = new HostupClient({ apiKey: sim.key, baseUrl: sim.url, onDrift: (d) => reports.push(d) });
  const vps = (await client.listVps()).data;
  assert.ok(vps.length > 0);
  // A VPS is an open object: its undeclared members are under `extra` (and not its declared ones).
  for (const v of [vps[0], await client.getVps(vps[0].id)]) {
    assert.equal(v.extra.driftProbe, 'sim');
    assert.ok(!('id' in v.extra) && !('hostname' in v.extra), Object.keys(v.extra).join());
  }
  const first = await client.listBackups(vps[0].id);
  await client.listBackups(vps[0].id);
  await client.listBackups(vps[1].id);
  assert.ok(first.backups.length > 0, 'the list is still read');
  const op = await client.createSnapshot(vps[0].id, { name: 'drifted' });
  const seen = [];
  const job = await client.waitForJob(op, { timeoutMs: 10_000, onProgress: (j) => seen.push(j.status) });
  assert.equal(job.status, 'completed', 'the wait ends although the job passed through an unknown status');
  assert.ok(seen.includes('verifying'), `progress showed the unknown status: ${seen.join(', ')}`);

  // Every object of a listBackups answer drifted, in three answers: each place is reported once.
  const backups = reports.filter((r) => r.endpoint === 'listBackups').map((r) => r.pointer);
  assert.deepEqual(backups.sort(), [
    '/actions/canCreateBackup/driftProbe',
    '/actions/canRestore/driftProbe',
    '/actions/driftProbe',
    '/backups/0/driftProbe',
    '/driftProbe',
    '/quotaInfo/driftProbe',
  ]);
  assert.deepEqual(
    reports.find((r) => r.endpoint === 'listBackups' && r.pointer === '/driftProbe'),
    { endpoint: 'listBackups', pointer: '/driftProbe', kind: 'unknown_field' },
    'an unknown field has no value (it could hold anything)',
  );
  const status = reports.filter((r) => r.kind === 'unknown_value');
  assert.deepEqual(status, [{ endpoint: 'getJob', pointer: '/operation/status', kind: 'unknown_value', value: 'verifying' }]);
  const vpsReports = reports.filter((r) => r.endpoint === 'listVps').map((r) => r.pointer);
  assert.deepEqual(vpsReports, ['/driftProbe'], 'the list envelope drifted; a VPS is an open object (its members go to `extra`)');
  const keys = reports.map((r) => `${r.endpoint} ${r.pointer.replace(/\/\d+(?=\/|$)/g, '/-')} ${r.kind}`);
  assert.equal(new Set(keys).size, keys.length, `no report twice: ${keys.join(', ')}`);
});

test('without onDrift, and with a throwing onDrift, the drifted simulator is used as usual', async () => {
  const plain = new HostupClient({ apiKey: sim.key, baseUrl: sim.url });
  const vps = (await plain.listVps()).data;
  assert.ok((await plain.listBackups(vps[0].id)).backups.length > 0);
  let calls = 0;
  const throwing = new HostupClient({
    apiKey: sim.key,
    baseUrl: sim.url,
    onDrift: () => {
      calls++;
      throw new Error('a broken callback');
    },
  });
  assert.ok((await throwing.listBackups(vps[0].id)).backups.length > 0);
  assert.ok(calls > 0);
});

test('onDrift must be a function', () => {
  assert.throws(
    () => new HostupClient({ onDrift: 'log' }),
    (e) => e instanceof HostupValidationError && e.errors.some((f) => f.pointer === '/onDrift' && f.code === 'invalid_type'),
  );
});
