#!/usr/bin/env node
// Snapshots every VPS of the account before a deploy and waits for all the jobs.
//
//   HOSTUP_API_KEY=… node examples/fleet-snapshot.mjs [--name pre-deploy] [--concurrency 500] [--base-url URL]
//
// Bounded concurrency, a progress line, and an exit code that says whether every snapshot completed. The client paces
// itself by the X-RateLimit-* headers, so a fleet of hundreds runs under the rate limit without spending 429s; a
// create is never retried blindly (only after a 429, which the server did not process), so no VPS gets two snapshots.
import { HostupClient, HostupApiError } from 'hostup-backups';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const apiKey = process.env.HOSTUP_API_KEY;
const baseUrl = flag('base-url', process.env.HOSTUP_BASE_URL || 'https://cloud.hostup.se');
const concurrency = Number(flag('concurrency', '500'));
const stamp = new Date().toISOString().slice(0, 16).replace(/[-:T]/g, '');
const name = flag('name', `pre-deploy-${stamp}`);
const timeoutMs = Number(flag('timeout-ms', String(30 * 60_000)));

if (!apiKey) {
  console.error('Set HOSTUP_API_KEY (a key with read:vm and backup:vm).');
  process.exit(2);
}

const client = new HostupClient({ apiKey, baseUrl });
const started = Date.now();
const { data: fleet } = await client.listVps();
const counts = { created: 0, completed: 0, failed: 0 };
const failures = [];
const tty = process.stdout.isTTY;
let lastLine = 0;

function progress(final = false) {
  const s = ((Date.now() - started) / 1000).toFixed(1);
  const line = `[fleet] ${fleet.length} VPS · created ${counts.created} · completed ${counts.completed} · failed ${counts.failed} · ${s} s`;
  if (tty) process.stdout.write(`\r${line}${final ? '\n' : ''}`);
  else if (final || Date.now() - lastLine > 2000) {
    console.log(line);
    lastLine = Date.now();
  }
}

async function snapshotOne(vps) {
  try {
    const operation = await client.createSnapshot(vps.id, { name, description: `Before deploy ${stamp}` });
    counts.created++;
    progress();
    await client.waitForJob(operation, { timeoutMs });
    counts.completed++;
  } catch (error) {
    counts.failed++;
    // Messages carry the request id when the server gave one; `code` is what to branch on.
    const code = error instanceof HostupApiError ? ` [${error.code}]` : '';
    failures.push(`${vps.id} ${vps.name ?? ''}: ${error.message}${code}`);
  }
  progress();
}

// A fixed pool of workers pulling from one queue: at most `concurrency` VPS in flight.
const queue = [...fleet];
await Promise.all(
  Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
    while (queue.length) await snapshotOne(queue.shift());
  }),
);
progress(true);
for (const f of failures) console.error(`  failed: ${f}`);
console.log(JSON.stringify({ vps: fleet.length, ...counts, seconds: (Date.now() - started) / 1000 }));
process.exit(counts.failed === 0 ? 0 : 1);
