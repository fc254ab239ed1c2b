// Job waiting against the real simulator: the npm package's waitForJob (adaptive) beside the baseline's waitForJob
// (fixed interval, its default 1 s, and 500 ms like hcloud-go). Each wait: create on a fresh VPS, read /__sim/stats,
// wait, read /__sim/stats again — the difference is the GET /api/jobs/… polls of the wait (nothing else is sent
// meanwhile). Detection delay = (wait resolved) − (create answered) − job duration, so it slightly overstates the
// true delay by the create's own latency (about a millisecond on loopback).
import { performance } from 'node:perf_hooks';
import { simStats, startSim } from '../tests/support/sim.mjs';
import { median } from './lib.mjs';

const ours = await import('hostup-backups');
const base = await import('./baseline/dist/baseline.js');

/** Points: (sim --job-ms, kind). A backup job takes 4 × --job-ms. */
const POINTS = [
  { jobMs: 1000, kind: 'snapshot' },
  { jobMs: 3000, kind: 'snapshot' },
  { jobMs: 1000, kind: 'backup' },
];

export async function waitOnSim({ reps = 3 } = {}) {
  const rows = [];
  for (const jobMs of [...new Set(POINTS.map((p) => p.jobMs))]) {
    const sim = await startSim(['--job-ms', String(jobMs), '--vps-count', '40', '--rate-limit', '6000', '--control']);
    try {
      const key = sim.key;
      const clients = {
        ours: new ours.HostupClient({ apiKey: key, baseUrl: sim.url }),
        baseline1000: new base.BaselineClient({ apiKey: key, baseUrl: sim.url }),
        baseline500: new base.BaselineClient({ apiKey: key, baseUrl: sim.url }),
      };
      const { data: fleet } = await clients.ours.listVps();
      let next = 0;
      for (const { kind } of POINTS.filter((p) => p.jobMs === jobMs)) {
        const duration = kind === 'backup' ? 4 * jobMs : jobMs;
        const samples = { ours: [], baseline1000: [], baseline500: [] };
        for (let r = 0; r < reps; r++) {
          for (const [name, client] of Object.entries(clients)) {
            const vps = fleet[next++].id;
            const op =
              kind === 'backup'
                ? await client.createBackup(vps, { note: `bench ${name} ${r}` })
                : await client.createSnapshot(vps, { name: `bench-${name}-${r}` });
            const created = performance.now();
            const before = await simStats(sim);
            const waitOpts = name === 'ours' ? { timeoutMs: 60_000 } : { timeoutMs: 60_000, intervalMs: name === 'baseline500' ? 500 : 1000 };
            const job = await client.waitForJob(op, waitOpts);
            const done = performance.now();
            const after = await simStats(sim);
            if (job.status !== 'completed') throw new Error(`job ended ${job.status}`);
            // /__sim/stats itself is not counted as an /api request.
            samples[name].push({ polls: after.requests - before.requests, delayMs: done - created - duration });
          }
        }
        const summary = (xs) => ({ polls: median(xs.map((x) => x.polls)), delayMs: median(xs.map((x) => x.delayMs)) });
        const o = summary(samples.ours);
        const b1 = summary(samples.baseline1000);
        const b5 = summary(samples.baseline500);
        rows.push({
          kind,
          jobMs: duration,
          reps,
          ours: o,
          baseline1000: b1,
          baseline500: b5,
          oursDelayPct: (o.delayMs * 100) / duration,
          pollRatioVs500: o.polls / b5.polls,
        });
      }
    } finally {
      await sim.stop();
    }
  }
  return rows;
}
