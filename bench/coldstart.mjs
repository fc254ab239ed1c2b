// Cold start: from spawning `node child.mjs` to the first request arriving at a local node:http server
// (127.0.0.1:0, arrival time recorded by the server in this process). Children run alternately, `runs` each, after
// one unmeasured warm-up each (file cache). Floor: Node with a bare fetch.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { median } from './lib.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const CHILDREN = { ours: 'ours.mjs', baseline: 'baseline.mjs', nodeFetch: 'fetch.mjs' };

export async function coldStart({ runs = 10 } = {}) {
  let arrived = null;
  const server = createServer((req, res) => {
    arrived ??= performance.now();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"data":[]}');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}`;
  const once = (file) =>
    new Promise((resolve, reject) => {
      arrived = null;
      const t0 = performance.now();
      const child = spawn(process.execPath, [join(here, 'coldstart', file), url], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.on('exit', (code) => {
        if (code !== 0 || arrived === null) reject(new Error(`${file} failed (${code}): ${stderr}`));
        else resolve(arrived - t0);
      });
    });
  const samples = Object.fromEntries(Object.keys(CHILDREN).map((k) => [k, []]));
  try {
    for (const file of Object.values(CHILDREN)) await once(file);
    for (let i = 0; i < runs; i++) {
      const names = Object.keys(CHILDREN);
      for (const name of i % 2 ? names.reverse() : names) samples[name].push(await once(CHILDREN[name]));
    }
  } finally {
    server.close();
  }
  const ms = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
  return { runs, oursMs: ms.ours, baselineMs: ms.baseline, nodeFetchMs: ms.nodeFetch, ratio: ms.ours / ms.baseline, samples };
}
