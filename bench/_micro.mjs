import { race } from './lib.mjs';
import { backupListText } from './fixtures.mjs';
const body = backupListText(10);
const mk = () => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
const dec = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const r = await race({
  abortCtl: () => { const c = new AbortController(); const t = setTimeout(() => c.abort(), 30000); clearTimeout(t); return c; },
  abortTimeout: () => AbortSignal.timeout(30000),
  respText: async () => (await mk()).text(),
  respBuf: async () => dec.decode(new Uint8Array(await (await mk()).arrayBuffer())),
  respBufHeaders: async () => { const r = await mk(); const h = [...r.headers]; const n = Number(r.headers.get('content-length')); return [h, n, dec.decode(new Uint8Array(await r.arrayBuffer()))]; },
}, { rounds: 5, roundMs: 40, warmupMs: 50 });
for (const [k, v] of Object.entries(r)) console.log(k, v.usPerCall.toFixed(2));
