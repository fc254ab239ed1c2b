// The built package through CommonJS `require`, against the real simulator.
const assert = require('node:assert/strict');
const { after, before, test } = require('node:test');

let sim;
before(async () => {
  const { startSim } = await import('./support/sim.mjs');
  sim = await startSim(['--job-ms', '100']);
});
after(() => sim.stop());

test('require("hostup-backups") gives the same API, and instanceof works', async () => {
  const { HostupClient, HostupApiError, HostupValidationError, validateSnapshotName } = require('hostup-backups');
  const client = new HostupClient({ apiKey: sim.key, baseUrl: sim.url });
  const { data } = await client.listVps();
  assert.ok(data.length > 0);
  const op = await client.createSnapshot(data[0].id, { name: 'from-cjs' });
  assert.equal((await client.waitForJob(op, { timeoutMs: 10_000 })).status, 'completed');
  await assert.rejects(client.listBackups('vps_missing'), (e) => e instanceof HostupApiError && e.status === 404);
  await assert.rejects(client.createSnapshot(data[0].id, { name: '' }), (e) => e instanceof HostupValidationError);
  assert.deepEqual(validateSnapshotName('ok_name-1'), []);
});

test('import and require in one process share one set of error classes', async () => {
  const esm = await import('hostup-backups');
  const cjs = require('hostup-backups');
  assert.equal(esm.HostupApiError, cjs.HostupApiError);
  assert.equal(esm.HostupClient, cjs.HostupClient);
});
