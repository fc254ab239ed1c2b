import { race } from './lib.mjs';
const h = new Response('x', { status: 200, headers: { 'content-type': 'application/json' } }).headers;
const names = ['retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'content-type'];
const r = await race({
  spread: () => [...h],
  forEach: () => { const a = []; h.forEach((v, k) => a.push([k, v])); return a; },
  gets: () => names.map((n) => h.get(n)),
  get1: () => h.get('content-length'),
}, { rounds: 5, roundMs: 40, warmupMs: 50 });
for (const [k, v] of Object.entries(r)) console.log(k, v.usPerCall.toFixed(2));
