// Node, a worker_thread: the ES module consumer, run inside a Worker.
import { Worker } from 'node:worker_threads';

const worker = new Worker(new URL('./esm.mjs', import.meta.url), { env: { ...process.env, TAG: 'worker' } });
worker.on('error', (e) => {
  console.error(e);
  process.exitCode = 1;
});
