// Memory over many calls (issue #12: "memory stays steady over 2,000 calls"): `listBackups` of 100 backups through
// a fake fetch, ours and the baseline, the JS heap after a full GC every 2,000 calls (and the wasm memory's size).
//   node --expose-gc bench/memory.mjs
import { backupListText } from './fixtures.mjs';

if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');
const ours = await import('hostup-backups');
const base = await import('./baseline/dist/baseline.js');
const body = backupListText(100);
globalThis.fetch = async () => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });

const VPS = 'vps_01hxa3b4c5d6e7f8g9h0j1k2m3';
const options = { apiKey: 'hsk_bench_0123456789abcdef', baseUrl: 'https://bench.invalid' };
const mib = () => {
  globalThis.gc();
  return Math.round((process.memoryUsage().heapUsed / 1048576) * 100) / 100;
};

async function heapOver(client, rounds = 4, calls = 2000) {
  const heap = [];
  await client.listBackups(VPS);
  heap.push(mib());
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < calls; i++) await client.listBackups(VPS);
    heap.push(mib());
  }
  return heap;
}

const oursHeap = await heapOver(new ours.HostupClient(options));
const baseHeap = await heapOver(new base.BaselineClient(options));
console.log(JSON.stringify({ calls: 2000, oursHeapMiB: oursHeap, baselineHeapMiB: baseHeap }));
