// The npm package's fleet audit at scale (issue #14): `client.auditBackups({ concurrency: 4 })` in this Node process
// against `hostup-sim --vps-count N --rate-limit 600`. Prints one JSON line: wall time, the bounds, requests, 429s
// and the heap at each tenth of the run. About 4.5 minutes for 1,000 VPS.
//   node bench/audit.mjs [--vps 1000]
//
// Bounds (N VPS, bucket B = 600 requests refilling at r = 10/s): the audit needs R = 1 + 3N requests, so the issue's
// bound is R / r, and the burst-aware one (the bucket starts full) is max(0, R − B) / r.
import { performance } from 'node:perf_hooks';
import { HostupClient } from 'hostup-backups';
import { simStats, startSim } from '../tests/support/sim.mjs';

export async function auditAtScale({ vps = 1000, rateLimit = 600, concurrency = 4 } = {}) {
  const sim = await startSim(['--vps-count', String(vps), '--rate-limit', String(rateLimit), '--control']);
  try {
    const client = new HostupClient({ apiKey: sim.key, baseUrl: sim.url });
    const heapMiB = [];
    const mib = () => Math.round((process.memoryUsage().heapUsed / 1048576) * 10) / 10;
    const t0 = performance.now();
    const report = await client.auditBackups({
      concurrency,
      onProgress: ({ done, total }) => {
        if (done % Math.max(1, Math.floor(total / 10)) === 0) heapMiB.push(mib());
      },
    });
    const seconds = (performance.now() - t0) / 1000;
    const stats = await simStats(sim);
    const requests = 1 + 3 * vps;
    const perSecond = rateLimit / 60;
    return {
      vps,
      rateLimit,
      concurrency,
      seconds,
      bound: requests / perSecond,
      burstBound: Math.max(0, requests - rateLimit) / perSecond,
      requests: stats.requests,
      rateLimited: stats.rateLimited,
      rows: report.vps.length,
      unreadable: report.findings.filter((f) => f.code === 'vps_unreadable').length,
      heapMiB,
    };
  } finally {
    await sim.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf('--vps');
  console.log(JSON.stringify(await auditAtScale({ vps: at > 0 ? Number(process.argv[at + 1]) : 1000 })));
}
