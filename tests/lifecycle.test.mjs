// The package's life cycle in one Node process: lazy instantiation, init(), free() and [Symbol.dispose], and the
// error a freed client gives. (tests/consumers/ runs the same through every bundler and runtime.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HostupClient, HostupError, HostupValidationError, init, validateSnapshotName } from 'hostup-backups';

test('a freed or disposed client rejects every call with HostupError client_disposed, and freeing twice is harmless', async () => {
  const freed = new HostupClient({ apiKey: 'hsk_test_0123456789abcdef', baseUrl: 'http://127.0.0.1:9' });
  freed.free();
  freed.free();
  const e = await freed.listVps().then(() => null, (err) => err);
  assert.ok(e instanceof HostupError, `got ${e}`);
  assert.equal(e.name, 'HostupError');
  assert.equal(e.code, 'client_disposed');
  assert.equal((await freed.waitForJob('job_1').catch((err) => err)).code, 'client_disposed');
  const disposed = new HostupClient();
  disposed[Symbol.dispose]();
  assert.equal((await disposed.getJob('job_1').catch((err) => err)).code, 'client_disposed');
});

test('init() resolves, also when the wasm is already running, and everything works after it', async () => {
  assert.deepEqual(validateSnapshotName('fine-name'), []);
  await init();
  await init({ wasm: new Uint8Array([0, 97, 115, 109]) });
  assert.throws(() => new HostupClient({ timeoutMs: -1 }), HostupValidationError);
});

test('init({ wasm }) instantiates a wasm the user hosts, before first use; a failed fetch is a HostupError', async () => {
  const { spawnSync } = await import('node:child_process');
  // A fresh process, where nothing has instantiated the embedded wasm yet. The "hosted" wasm is the package's own,
  // taken out of the universal script (where a user would serve the file from).
  const script = `
    import { readFileSync } from 'node:fs';
    import { inflateRawSync } from 'node:zlib';
    import { createRequire } from 'node:module';
    import { init, validateSnapshotName, HostupError } from 'hostup-backups';
    const umd = readFileSync(createRequire(import.meta.url).resolve('hostup-backups'), 'latin1');
    const bytes = inflateRawSync(Buffer.from(umd.match(/"([A-Za-z0-9+/]{50000,}=*)"/)[1], 'base64'));
    const failed = await init({ wasm: new Response('nope', { status: 404 }) }).catch((e) => e);
    if (!(failed instanceof HostupError) || failed.code !== 'wasm_load_failed') throw new Error('expected wasm_load_failed');
    const module = await WebAssembly.compile(bytes);
    await init({ wasm: module });
    console.log(JSON.stringify(validateSnapshotName('a b')));
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', cwd: new URL('..', import.meta.url) });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout)[0].code, 'invalid_format');
});
