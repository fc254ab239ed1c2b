import { backupListText } from '/work/wt-jscheck/bench/fixtures.mjs';
const ours = await import('hostup-backups');
const body = backupListText(10);
globalThis.fetch = async () => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
const c = new ours.HostupClient({ apiKey: 'hsk_bench_0123456789abcdef', baseUrl: 'https://bench.invalid' });
const VPS = 'vps_01hxa3b4c5d6e7f8g9h0j1k2m3';
for (let i = 0; i < 5000; i++) await c.listBackups(VPS);
let t = performance.now();
const N = 20000;
for (let i = 0; i < N; i++) await c.listBackups(VPS);
console.log('us/call', ((performance.now() - t) * 1000 / N).toFixed(1));
// pieces
t = performance.now();
for (let i = 0; i < N; i++) { const r = await fetch(); await r.arrayBuffer(); }
console.log('fetch+arrayBuffer', ((performance.now() - t) * 1000 / N).toFixed(1));
