// Starts the real hostup-sim binary on a free loopback port and stops it again. Used by every JS test and benchmark.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const target = process.env.CARGO_TARGET_DIR || join(root, 'target');

/** Path of the built simulator (npm test builds it with `cargo build --release -p hostup-sim`). */
export function simBinary() {
  if (process.env.HOSTUP_SIM_BIN) return process.env.HOSTUP_SIM_BIN;
  for (const profile of ['release', 'debug']) {
    const p = join(target, profile, 'hostup-sim');
    if (existsSync(p)) return p;
  }
  throw new Error('hostup-sim is not built: run `cargo build --release -p hostup-sim` (npm test does)');
}

/**
 * Starts `hostup-sim --addr 127.0.0.1:0 ...args`; resolves when it prints its address.
 * @returns {Promise<{url: string, key: string, keys: {token: string, scopes: string[]}[], lines: string[], stop: () => Promise<void>}>}
 */
export function startSim(args = []) {
  const proc = spawn(simBinary(), ['--addr', '127.0.0.1:0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  let stderr = '';
  proc.stderr.on('data', (d) => {
    stderr += d;
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`hostup-sim did not start within 10 s. stderr: ${stderr}`));
    }, 10_000);
    proc.on('exit', (code) => reject(new Error(`hostup-sim exited early (${code}): ${stderr}`)));
    const rl = createInterface({ input: proc.stdout });
    let url = null;
    const keys = [];
    rl.on('line', (line) => {
      lines.push(line);
      const m = line.match(/^listening on (http:\/\/127\.0\.0\.1:\d+)$/);
      if (m && url === null) {
        url = m[1];
        // Key lines follow at once; give them a moment to arrive.
        setTimeout(() => {
          clearTimeout(timer);
          proc.removeAllListeners('exit');
          resolve({
            url,
            keys,
            key: keys[0]?.token,
            lines,
            proc,
            stop: () =>
              new Promise((res) => {
                if (proc.exitCode !== null) return res();
                proc.once('exit', () => res());
                proc.kill('SIGTERM');
                setTimeout(() => proc.kill('SIGKILL'), 3000).unref();
              }),
          });
        }, 100);
      }
      const k = line.match(/^key: (\S+) scopes: (\S+)$/);
      if (k) keys.push({ token: k[1], scopes: k[2].split(',') });
    });
  });
}

/** Reads the simulator's own counters (needs `--control`). */
export async function simStats(sim) {
  const r = await fetch(`${sim.url}/__sim/stats`);
  return r.json();
}

/** Changes faults at run time (needs `--control`). */
export async function setFaults(sim, faults) {
  const r = await fetch(`${sim.url}/__sim/faults`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(faults),
  });
  if (!r.ok) throw new Error(`setting faults failed: ${r.status}`);
}
