// Parse-and-validate benchmark, run in its own Node process by scripts/bench.mjs (prints one JSON line).
//   node bench/parse.mjs [--quick]
//
// List backups: from response text to validated JS objects. Both clients go through their real `listBackups(id)`
// with the same fake `globalThis.fetch` (a fresh `new Response(text)` per call, no network), so each pays for its
// request building, Response body read, parse, validation and output objects. Beside them, the baseline's
// `parseBackupList(text)` (JSON.parse + zod, no fetch) and a bare `JSON.parse(text)` as the floor.
// Validators: `validateSnapshotName` / `validateBackupSchedule` vs the baseline's zod ones, on valid and invalid input.
import { race } from './lib.mjs';
import { backupListText } from './fixtures.mjs';

const quick = process.argv.includes('--quick');
const SIZES = [10, 100, 1_000, 10_000];

const ours = await import('hostup-backups');
const base = await import('./baseline/dist/baseline.js');

let body = '';
let fetches = 0;
globalThis.fetch = async () => {
  fetches++;
  return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
};

const VPS = 'vps_01hxa3b4c5d6e7f8g9h0j1k2m3';
const client = new ours.HostupClient({ apiKey: 'hsk_bench_0123456789abcdef', baseUrl: 'https://bench.invalid' });
const bclient = new base.BaselineClient({ apiKey: 'hsk_bench_0123456789abcdef', baseUrl: 'https://bench.invalid' });

const opts = quick ? { rounds: 5, roundMs: 30, warmupMs: 50 } : { rounds: 11, roundMs: 80, warmupMs: 150 };
const list = [];
for (const n of SIZES) {
  body = backupListText(n);
  // Same answer from both before timing (ours turns null optionals into undefined? compare what both keep).
  fetches = 0;
  const a = await client.listBackups(VPS);
  const b = await bclient.listBackups(VPS);
  if (fetches !== 2) throw new Error(`the fake fetch was called ${fetches} times for 2 calls`);
  if (a.backups.length !== n || b.backups.length !== n) throw new Error('wrong backup count');
  const last = n - 1;
  for (const k of ['id', 'displayId', 'storageKey', 'createdAt', 'sizeGb', 'backupType']) {
    if (a.backups[last][k] !== b.backups[last][k]) throw new Error(`outputs differ at backups/${last}/${k}`);
  }
  if ((a.backups[0].note ?? null) !== (b.backups[0].note ?? null)) throw new Error('notes differ');
  const text = body;
  const r = await race(
    {
      ours: () => client.listBackups(VPS),
      baseline: () => bclient.listBackups(VPS),
      baselineParseOnly: () => base.parseBackupList(text),
      jsonParse: () => JSON.parse(text),
    },
    n >= 10_000 ? { ...opts, roundMs: opts.roundMs * 2 } : opts,
  );
  list.push({
    backups: n,
    bytes: Buffer.byteLength(text),
    oursUs: r.ours.usPerCall,
    baselineUs: r.baseline.usPerCall,
    baselineParseOnlyUs: r.baselineParseOnly.usPerCall,
    jsonParseUs: r.jsonParse.usPerCall,
    ratio: r.ours.usPerCall / r.baseline.usPerCall,
  });
  process.stderr.write(`[parse] ${n} backups: ours ${r.ours.usPerCall.toFixed(1)} µs, baseline ${r.baseline.usPerCall.toFixed(1)} µs\n`);
}

const schedule = { frequency: 'weekly', dayOfWeek: 1, hour: 2, retentionCount: 4, enabled: true };
const badSchedule = { frequency: 'weekly', dayOfMonth: 3, hour: 25, retentionCount: 0, enabled: 'yes' };
const cases = [
  ['validateSnapshotName', 'valid', 'before-upgrade'],
  ['validateSnapshotName', 'invalid', 'before upgrade'],
  ['validateBackupSchedule', 'valid', schedule],
  ['validateBackupSchedule', 'invalid', badSchedule],
];
const validators = [];
for (const [fn, kind, input] of cases) {
  const a = ours[fn](input);
  const b = base[fn](input);
  if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`${fn}(${kind}) answers differ:\n${JSON.stringify(a)}\n${JSON.stringify(b)}`);
  const r = await race({ ours: () => ours[fn](input), baseline: () => base[fn](input) }, opts);
  validators.push({
    fn,
    input: kind,
    errors: a.length,
    oursPerSec: 1e6 / r.ours.usPerCall,
    baselinePerSec: 1e6 / r.baseline.usPerCall,
    ratio: r.baseline.usPerCall / r.ours.usPerCall,
  });
}
console.log(JSON.stringify({ list, validators }));
