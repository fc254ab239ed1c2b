// Shared helpers of the workspace scripts: run a command loudly, find tools, locate the repo.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const targetDir = process.env.CARGO_TARGET_DIR || join(root, 'target');

export function say(msg) {
  console.log(`\x1b[1m[hostup]\x1b[0m ${msg}`);
}

/** Runs a command with inherited stdio; exits the script when it fails. */
export function run(cmd, args, opts = {}) {
  say(`$ ${cmd} ${args.join(' ')}`);
  const env = { ...process.env, PATH: `${join(root, 'node_modules', '.bin')}:${process.env.PATH}`, ...(opts.env || {}) };
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: opts.cwd || root, env });
  if (r.status !== 0) {
    if (opts.allowFail) return false;
    console.error(`[hostup] command failed (${r.status ?? r.signal}): ${cmd} ${args.join(' ')}`);
    process.exit(r.status || 1);
  }
  return true;
}

/** Output of a command, or null when it cannot run. */
export function capture(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** The exact wasm-bindgen version pinned in Cargo.lock (the CLI must match it). */
export function lockedWasmBindgenVersion() {
  const lock = readFileSync(join(root, 'Cargo.lock'), 'utf8');
  const m = lock.match(/name = "wasm-bindgen"\nversion = "([^"]+)"/);
  if (!m) throw new Error('wasm-bindgen not found in Cargo.lock');
  return m[1];
}

export function exists(p) {
  return existsSync(join(root, p));
}

/** The wasm features rustc's wasm32 target enables by default; wasm-opt rejects our modules without them. */
export const WASM_OPT_FEATURES = [
  '--enable-bulk-memory',
  '--enable-nontrapping-float-to-int',
  '--enable-sign-ext',
  '--enable-mutable-globals',
  '--enable-reference-types',
  '--enable-multivalue',
];
